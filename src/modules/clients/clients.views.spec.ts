import { describe, expect, it } from '@jest/globals';
import { BookingStatus } from '../bookings/booking-status.js';
import { ClientStatus } from './client.entity.js';
import type { ClientSummary } from './clients.types.js';
import {
  initialsOf,
  listUrl,
  toClientDetailView,
  toClientListView,
  toClientRow,
  toDeleteConfirmView,
} from './clients.views.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const NAME = { key: 'name', dir: 'asc' } as const;

function summary(overrides: Partial<ClientSummary> = {}): ClientSummary {
  return {
    id: '0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e37',
    name: 'Sam Taylor',
    email: 'sam@example.com',
    emailOptOutAt: null,
    phone: null,
    notes: null,
    status: ClientStatus.Active,
    createdAt: new Date('2026-01-05T10:00:00Z'),
    updatedAt: new Date('2026-01-05T10:00:00Z'),
    upcomingSessions: 0,
    nextSessionAt: null,
    lastVisitAt: null,
    credits: 0,
    ...overrides,
  };
}

describe('clients views', () => {
  it('makes initials from the first and last words', () => {
    expect(initialsOf('Sam Taylor')).toBe('ST');
    expect(initialsOf('mary jane watson')).toBe('MW');
    expect(initialsOf('Cher')).toBe('C');
    expect(initialsOf('  ')).toBe('?');
  });

  it('shows the next session and last visit in the trainer’s zone, the year only when it differs', () => {
    const row = toClientRow(
      summary({
        upcomingSessions: 2,
        nextSessionAt: new Date('2026-12-03T14:00:00Z'),
        lastVisitAt: new Date('2025-11-20T14:00:00Z'),
      }),
      'America/New_York',
      'active',
      NOW,
    );
    expect(row.upcomingLabel).toBe('2 upcoming');
    expect(row.nextSession).toBe('Next Thu 3 Dec, 09:00');
    expect(row.lastVisit).toBe('20 Nov 2025');
    expect(row.domId).toBe('client-0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e37');
  });

  it('carries the list filter to the delete confirmation only when it is not the default', () => {
    expect(toClientRow(summary(), 'UTC', 'active', NOW).deleteConfirmUrl).toBe(
      '/clients/0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e37/delete-confirm',
    );
    expect(toClientRow(summary(), 'UTC', 'all', NOW).deleteConfirmUrl).toBe(
      '/clients/0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e37/delete-confirm?view=all',
    );
  });

  it('builds list URLs without default parameters', () => {
    expect(listUrl('/clients', { q: '', status: 'active', page: 1, sort: NAME })).toBe('/clients');
    expect(listUrl('/clients/partial', { q: 'sam & co', status: 'archived', page: 2 })).toBe(
      '/clients/partial?q=sam+%26+co&status=archived&page=2',
    );
  });

  it('links each sortable header to its order, flipping the active one, with aria-sort', () => {
    const page = { items: [summary()], total: 1, page: 1, pageSize: 25, pageCount: 1 };
    const byName = toClientListView(page, { q: '', status: 'active', page: 1, sort: NAME }, 'UTC', NOW).columns;
    expect(byName.name).toMatchObject({ ariaSort: 'ascending', href: '/clients?sort=name&dir=desc' });
    expect(byName.lastVisit).toMatchObject({ ariaSort: 'none', href: '/clients?sort=last-visit&dir=desc' });
    expect(byName.credits).toMatchObject({ ariaSort: 'none', href: '/clients?sort=credits&dir=desc' });
    const byCredits = toClientListView(
      page,
      { q: 'sam', status: 'all', page: 3, sort: { key: 'credits', dir: 'desc' } },
      'UTC',
      NOW,
    ).columns;
    expect(byCredits.credits).toMatchObject({
      ariaSort: 'descending',
      href: '/clients?q=sam&status=all&sort=credits&dir=asc',
    });
    expect(byCredits.name.href).toBe('/clients?q=sam&status=all');
  });

  it('describes pages and the empty states', () => {
    const page = { items: [summary()], total: 26, page: 2, pageSize: 25, pageCount: 2 };
    const view = toClientListView(page, { q: '', status: 'active', page: 2, sort: NAME }, 'UTC', NOW);
    expect(view.summary).toBe('Showing 26 of 26 active clients');
    expect(view.pagination).toEqual({ prevUrl: '/clients', nextUrl: null, label: 'Page 2 of 2' });
    const first = toClientListView(
      { ...page, items: Array.from({ length: 25 }, () => summary()), page: 1 },
      { q: '', status: 'all', page: 1, sort: NAME },
      'UTC',
      NOW,
    );
    expect(first.summary).toBe('Showing 1–25 of 26 clients');
    const none = { items: [], total: 0, page: 1, pageSize: 25, pageCount: 1 };
    expect(toClientListView(none, { q: '', status: 'active', page: 1, sort: NAME }, 'UTC').empty).toMatchObject({
      title: 'No clients yet',
      actionLabel: 'Add your first client',
    });
    expect(toClientListView(none, { q: 'zed', status: 'active', page: 1, sort: NAME }, 'UTC').empty?.title).toBe(
      'No clients match “zed” among your active clients',
    );
    expect(toClientListView(none, { q: '', status: 'archived', page: 1, sort: NAME }, 'UTC').empty?.title).toBe(
      'No archived clients',
    );
  });

  it('formats sessions with local times, labels and how they are paid', () => {
    const detail = toClientDetailView(
      {
        client: summary({ upcomingSessions: 1, nextSessionAt: new Date('2026-12-03T09:00:00Z') }),
        upcoming: [
          {
            id: 'a',
            startTime: new Date('2026-12-03T09:00:00Z'),
            endTime: new Date('2026-12-03T10:00:00Z'),
            status: BookingStatus.Confirmed,
            priceMinor: 4500,
            currency: 'GBP',
            paidByPackage: false,
            notes: null,
          },
        ],
        recent: [
          {
            id: 'b',
            startTime: new Date('2026-11-28T09:00:00Z'),
            endTime: new Date('2026-11-28T09:45:00Z'),
            status: BookingStatus.NoShow,
            priceMinor: null,
            currency: 'GBP',
            paidByPackage: true,
            notes: 'Overslept',
          },
        ],
        completedSessions: 4,
        noShows: 1,
        cancellations: 0,
        hasHistory: true,
      },
      'Europe/London',
      NOW,
    );
    expect(detail.upcoming[0]).toMatchObject({
      month: 'Dec',
      dayOfMonth: '3',
      day: 'Thu 3 Dec',
      time: '09:00–10:00',
      statusLabel: 'Confirmed',
      price: '£45.00',
    });
    expect(detail.recent[0]).toMatchObject({ statusLabel: 'No-show', price: 'Package credit', time: '09:00–09:45' });
    expect(detail.client.since).toBe('5 Jan 2026');
  });

  it('words the delete confirmation after the history that blocks it', () => {
    const client = { id: 'x', name: 'Sam', status: ClientStatus.Active };
    expect(toDeleteConfirmView(client, { bookings: 0, purchases: 0, payments: 0 }, 'list', 'active')).toMatchObject({
      hasHistory: false,
      cancelUrl: '/clients',
    });
    expect(toDeleteConfirmView(client, { bookings: 3, purchases: 1, payments: 2 }, 'detail', 'all')).toMatchObject({
      hasHistory: true,
      historyText: '3 sessions, 1 package purchase and 2 payments',
      cancelUrl: '/clients/x',
    });
  });
});
