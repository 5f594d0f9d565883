import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTrainer } from '../factories/accounts.factory.js';
import { insertBookings } from '../factories/bookings.factory.js';
import { createClient } from '../factories/clients.factory.js';
import { insertNotifications } from '../factories/notifications.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { rawClient } from '../helpers/database.js';
import { screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../helpers/screenshots.js';

const HOUR = 3_600_000;

/** The window as the trainer sees it, once the dialog's opening animation has settled. */
async function viewportShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

async function optedOutAt(clientId: string): Promise<Date | null> {
  const db = await rawClient();
  try {
    const { rows } = await db.query<{ email_opt_out_at: Date | null }>(
      'select email_opt_out_at from clients where id = $1',
      [clientId],
    );
    return rows[0]?.email_opt_out_at ?? null;
  } finally {
    await db.end();
  }
}

async function optOut(clientId: string): Promise<void> {
  const db = await rawClient();
  try {
    await db.query(`update clients set email_opt_out_at = '2031-03-04T10:00:00Z' where id = $1`, [clientId]);
  } finally {
    await db.end();
  }
}

describe('What the trainer sees of client emails, in Chromium', () => {
  const env = useBrowserApp();

  it('shows a session’s notification timeline with a sent and a failed email, in the dialog and on a phone', async () => {
    const trainer = await createTrainer(env.t, { name: 'Morgan Reeves', timeZone: 'Europe/London' });
    const client = await createClient(env.t, trainer.actor, {
      name: 'Siobhán O’Brien',
      email: 'siobhan@example.test',
    });
    // Booked 30 hours ago for 20 hours from now: the confirmation went out, the 24-hour reminder failed 4 hours ago.
    const start = new Date(Math.ceil((Date.now() + 20 * HOUR) / HOUR) * HOUR);
    const [bookingId = ''] = await insertBookings(trainer.actor, client.id, [{ start, status: 'confirmed' }]);
    await insertNotifications(trainer.actor, bookingId, [
      {
        purpose: 'booking_confirmed',
        status: 'sent',
        scheduledFor: new Date(start.getTime() - 50 * HOUR),
        sentAt: new Date(start.getTime() - 50 * HOUR + 2000),
        recipient: 'siobhan@example.test',
      },
      {
        purpose: 'reminder:1440',
        status: 'failed',
        scheduledFor: new Date(start.getTime() - 24 * HOUR),
        attempts: 6,
        recipient: 'siobhan@example.test',
        lastError: 'EENVELOPE: 550 5.1.1 <siobhan@example.test>: Mailbox unavailable',
      },
      { purpose: 'reminder:120', status: 'planned', scheduledFor: new Date(start.getTime() - 2 * HOUR) },
    ]);
    const page = await env.browser.newPage();
    await page.setViewportSize(VIEWPORTS.desktop);
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/bookings`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');

    await page.getByLabel(/^More actions for Siobhán O’Brien/).click();
    await page.getByRole('link', { name: /^Details of Siobhán O’Brien/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Session with Siobhán O’Brien' }).waitFor();
    const timeline = dialog.locator('#booking-notifications');
    await timeline.getByRole('heading', { name: 'Notifications' }).waitFor();
    await timeline.getByText('1 sent · 1 failed · 1 planned').waitFor();
    const items = timeline.getByRole('listitem');
    await expect(items.count()).resolves.toBe(3);
    await expect(items.nth(0).innerText()).resolves.toMatch(
      /Booking confirmation\s+Sent[\s\S]*to siobhan@example\.test/,
    );
    await expect(items.nth(1).innerText()).resolves.toContain(
      'The mail server refused it: 550 5.1.1 <siobhan@example.test>: Mailbox unavailable. Gave up after 6 attempts.',
    );
    await expect(items.nth(2).innerText()).resolves.toMatch(/Reminder, 2 hours before\s+Planned\s+Goes out/);
    await expectNoSeriousA11yViolations(page);
    await viewportShot(page, 'booking-notifications-1280');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${env.t.baseUrl}/bookings`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    await page.getByLabel(/^More actions for Siobhán O’Brien/).click();
    await page.getByRole('link', { name: /^Details of Siobhán O’Brien/ }).click();
    await timeline.getByText('Gave up after 6 attempts.', { exact: false }).waitFor();
    await viewportShot(page, 'booking-notifications-390');
    await timeline.scrollIntoViewIfNeeded();
    await dialog.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await viewportShot(page, 'booking-notifications-390-scrolled');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('re-enables a client’s emails from the client page and from the edit dialog, with a toast', async () => {
    const trainer = await createTrainer(env.t, { name: 'Morgan Reeves', timeZone: 'Europe/London' });
    const client = await createClient(env.t, trainer.actor, { name: 'Łukasz Nowak', email: 'lukasz@example.test' });
    const noEmail = await createClient(env.t, trainer.actor, { name: 'Ελένη Παπαδοπούλου', email: null });
    await optOut(client.id);
    const page = await env.browser.newPage();
    await page.setViewportSize(VIEWPORTS.desktop);
    await signIn(page, env.t.baseUrl, trainer);

    await page.goto(`${env.t.baseUrl}/clients/${noEmail.id}`);
    await page.getByText('No email address: this client gets no reminders or notices.').waitFor();

    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    const notice = page.locator('#client-email-notice');
    await notice.getByText('Opted out of emails on 4 Mar 2031.').waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'client-opted-out-1280');
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await notice.scrollIntoViewIfNeeded();
    await viewportShot(page, 'client-opted-out-390');
    await page.setViewportSize(VIEWPORTS.desktop);

    // Mark the page: a full reload would lose it.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await notice.getByRole('button', { name: 'Turn emails back on' }).click();
    await page.locator('#flash').getByText('Emails are back on for Łukasz Nowak.').waitFor();
    await notice.waitFor({ state: 'detached' });
    await expect(page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(true);
    expect(await optedOutAt(client.id)).toBeNull();

    // Opted out again; this time from the edit dialog, with the client page behind it.
    await optOut(client.id);
    await page.reload();
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    await notice.waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Edit Łukasz Nowak' }).waitFor();
    const formNotice = dialog.locator('#client-form-email-notice');
    await formNotice.getByText('Opted out of emails on 4 Mar 2031.').waitFor();
    await expectNoSeriousA11yViolations(page);
    await viewportShot(page, 'client-edit-opted-out-1280');
    await formNotice.getByRole('button', { name: 'Turn emails back on' }).click();
    await formNotice.waitFor({ state: 'detached' });
    await page.locator('#flash').getByText('Emails are back on for Łukasz Nowak.').waitFor();
    // The notice on the page behind re-read itself and is gone too; the dialog stays open for the edit.
    await notice.waitFor({ state: 'detached' });
    await expect(dialog.isVisible()).resolves.toBe(true);
    expect(await optedOutAt(client.id)).toBeNull();
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('The same without JavaScript, in Chromium', () => {
  const env = useBrowserApp({ javaScriptEnabled: false });

  it('shows the timeline on the session’s own page and turns emails back on with a plain form post', async () => {
    const trainer = await createTrainer(env.t, { name: 'Morgan Reeves', timeZone: 'Europe/London' });
    const client = await createClient(env.t, trainer.actor, { name: '李小龍', email: 'li@example.test' });
    const start = new Date(Math.ceil((Date.now() + 20 * HOUR) / HOUR) * HOUR);
    const [bookingId = ''] = await insertBookings(trainer.actor, client.id, [{ start, status: 'pending' }]);
    await insertNotifications(trainer.actor, bookingId, [
      {
        purpose: 'booking_confirmed',
        status: 'skipped',
        scheduledFor: new Date(start.getTime() - 50 * HOUR),
        lastError: 'opted_out',
      },
      { purpose: 'reminder:120', status: 'planned', scheduledFor: new Date(start.getTime() - 2 * HOUR) },
    ]);
    await optOut(client.id);
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);

    await page.goto(`${env.t.baseUrl}/bookings/${bookingId}`);
    const timeline = page.locator('#booking-notifications');
    await timeline.getByText('Not sent: the client unsubscribed from emails.').waitFor();
    await timeline.getByText('1 skipped · 1 planned').waitFor();
    await screenshot(page, 'booking-notifications-nojs-1280');

    await page.getByRole('link', { name: '李小龍', exact: true }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients/${client.id}`);
    await page.getByRole('button', { name: 'Turn emails back on' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients/${client.id}`);
    await page.locator('#flash').getByText('Emails are back on for 李小龍.').waitFor();
    await expect(page.locator('#client-email-notice').count()).resolves.toBe(0);
    expect(await optedOutAt(client.id)).toBeNull();
    await page.close();
  });
});
