import type { BookingStatus } from '../bookings/booking-status.js';
import type { ClientStatus } from './client.entity.js';

/** What the list shows: one status, or both. */
export type ClientStatusFilter = 'active' | 'archived' | 'all';
export const CLIENT_STATUS_FILTERS: readonly ClientStatusFilter[] = ['active', 'archived', 'all'];

export const CLIENT_LIMITS = {
  name: 200,
  email: 254,
  phone: 40,
  notes: 5000,
  /** Longer search text cannot match anything a client record holds. */
  query: 200,
  pageSize: 25,
  maxPageSize: 100,
  recentSessions: 20,
  upcomingSessions: 50,
} as const;

/** A new client. Optional contact fields may be omitted, empty or null; all three mean "not known". */
export interface CreateClientInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}

/** A change to a client; only the fields present change. null (or '') clears an optional field. */
export interface UpdateClientInput {
  name?: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
  status?: ClientStatus;
}

export interface ClientListFilter {
  /** Substring of the name, email or phone, any case. */
  q?: string;
  status?: ClientStatusFilter;
}

/** The web list's orders (the API pages by name only, its cursor walks that order). */
export interface ClientListSort {
  key: 'name' | 'lastVisit' | 'credits';
  dir: 'asc' | 'desc';
}

/** A client as a list row: the record plus what the trainer wants to see at a glance. */
export interface ClientSummary {
  id: string;
  name: string;
  email: string | null;
  /** When the client unsubscribed from emails (the link in every email); null while they get them. */
  emailOptOutAt: Date | null;
  phone: string | null;
  notes: string | null;
  status: ClientStatus;
  createdAt: Date;
  updatedAt: Date;
  /** Pending or confirmed sessions that have not started yet. */
  upcomingSessions: number;
  nextSessionAt: Date | null;
  /** Start of the most recent completed session. */
  lastVisitAt: Date | null;
  /** Credits usable now: left on unexpired purchases. */
  credits: number;
}

export interface ClientNumberedPage {
  items: ClientSummary[];
  /** Clients matching the filter, across all pages. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export interface ClientCursorPage {
  items: ClientSummary[];
  nextCursor: string | null;
}

/** How many clients each status filter would show (for the filter's labels). */
export type ClientStatusCounts = Record<ClientStatusFilter, number>;

/** One session as the client's page shows it. */
export interface ClientSession {
  id: string;
  startTime: Date;
  endTime: Date;
  status: BookingStatus;
  priceMinor: number | null;
  currency: string;
  paidByPackage: boolean;
  notes: string | null;
}

/** Everything the client detail page needs, read in a fixed number of queries. */
export interface ClientDetail {
  client: ClientSummary;
  upcoming: ClientSession[];
  /** The most recent sessions that have started, newest first. */
  recent: ClientSession[];
  completedSessions: number;
  noShows: number;
  cancellations: number;
  /** Bookings, purchases or payments exist, so the client can be archived but not deleted. */
  hasHistory: boolean;
}

/** What the delete confirmation says. */
export interface ClientHistory {
  bookings: number;
  purchases: number;
  payments: number;
}

export interface ClientOption {
  id: string;
  name: string;
}
