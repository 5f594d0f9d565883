import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createTrainer, type TrainerFixture } from '../factories/accounts.factory.js';
import { insertBookings } from '../factories/bookings.factory.js';
import { createClient } from '../factories/clients.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { rawClient } from '../helpers/database.js';
import { join } from 'node:path';
import { screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../helpers/screenshots.js';
import { listenTestApp, type TestApp } from '../helpers/test-app.js';

/** Today's UTC date plus `days`, as "YYYY-MM-DD". */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A dialog over the page: the viewport as the trainer sees it (a full-page shot would cut the fixed backdrop). */
async function dialogShot(page: Page, name: string): Promise<void> {
  // Let the dialog's opening animation finish, so the shot shows it as it settles.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Monday to Friday, 08:00–18:00: the calendar shades what lies outside. */
async function setWorkingHours(trainer: TrainerFixture): Promise<void> {
  const db = await rawClient();
  try {
    for (let weekday = 1; weekday <= 5; weekday += 1) {
      await db.query(
        `insert into availability_slots (id, trainer_id, weekday, start_time, end_time) values (gen_random_uuid(), $1, $2, '08:00', '18:00')`,
        [trainer.account.trainer?.id, weekday],
      );
    }
  } finally {
    await db.end();
  }
}

describe('Bookings in Chromium', () => {
  let t: TestApp & { baseUrl: string };
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await listenTestApp();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('books through the modal with JavaScript: the modal closes, a toast confirms, the list shows the session', async () => {
    browser = await launchBrowser();
    const trainer = await createTrainer(t, { timeZone: 'UTC' });
    await createClient(t, trainer.actor, { name: 'Noah Kim' });
    const page = await browser.newPage();
    await signIn(page, t.baseUrl, trainer);
    await page.goto(`${t.baseUrl}/bookings`);
    await page.getByRole('link', { name: 'New booking' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'New booking' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await dialog.getByLabel('Client').selectOption({ label: 'Noah Kim' });
    await dialog.getByLabel('Date').fill('2031-06-03');
    await dialog.getByLabel('Start time').fill('10:00');
    await dialog.getByRole('button', { name: 'Create booking' }).click();
    await page.getByText('Session booked with Noah Kim').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByLabel('Show', { exact: true }).selectOption('all');
    await page.locator('#bookings-list').getByText('10:00–11:00').waitFor();

    await page.locator('summary[aria-label^="More actions for Noah Kim"]').click();
    await page.getByRole('link', { name: /^Cancel Noah Kim/ }).click();
    await dialog.getByRole('button', { name: 'Cancel session' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('summary[aria-label^="More actions for Noah Kim"]').click();
    await page.getByRole('link', { name: /^Cancel Noah Kim/ }).click();
    await dialog.getByRole('button', { name: 'Cancel session' }).click();
    await page.locator('#bookings-list').getByText('Cancelled', { exact: true }).waitFor();
    expect(page.consoleErrors).toEqual([]);
    await browser.close();
  });

  it('offers one primary action per row and the rest in a menu that works from the keyboard', async () => {
    browser = await launchBrowser();
    const trainer = await createTrainer(t, { timeZone: 'UTC' });
    const client = await createClient(t, trainer.actor, { name: 'Siobhán O’Brien' });
    const other = await createClient(t, trainer.actor, { name: 'Łukasz Nowak' });
    await insertBookings(trainer.actor, client.id, [
      { start: `${dayFromToday(-1)}T09:00:00Z`, status: 'pending' },
      { start: `${dayFromToday(-1)}T11:00:00Z`, status: 'completed', minutes: 45 },
    ]);
    await insertBookings(trainer.actor, other.id, [
      { start: `${dayFromToday(2)}T09:00:00Z`, status: 'pending' },
      { start: `${dayFromToday(2)}T14:00:00Z`, status: 'confirmed', minutes: 45 },
    ]);
    const page = await browser.newPage();
    await page.setViewportSize(VIEWPORTS.desktop);
    await signIn(page, t.baseUrl, trainer);
    await page.goto(`${t.baseUrl}/bookings?show=all`);
    const list = page.locator('#bookings-list');
    // A session still to come offers Confirm, never Complete; one that has started offers Complete.
    await list.getByRole('button', { name: /^Confirm Łukasz Nowak/ }).waitFor();
    expect(await list.getByRole('button', { name: /^Mark Łukasz Nowak.* completed$/ }).count()).toBe(0);
    await list.getByRole('button', { name: /^Mark Siobhán O’Brien.* completed$/ }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'bookings-list-1280');

    // <summary> is exposed as a disclosure, not a button role, so find it by its accessible name.
    const summary = list.locator('summary[aria-label^="More actions for Siobhán O’Brien"][aria-label$="09:00"]');
    await summary.focus();
    await page.keyboard.press('Enter');
    const noShow = list.getByRole('button', { name: /^Mark Siobhán O’Brien, .* 09:00 as a no-show$/ });
    await noShow.waitFor();
    await expect(
      noShow.evaluate((el) => el === document.activeElement || el.closest('details')?.contains(document.activeElement)),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await noShow.waitFor({ state: 'hidden' });
    await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // A click outside closes it too.
    await summary.click();
    await noShow.waitFor();
    await page
      .locator('h1, main')
      .first()
      .click({ position: { x: 5, y: 5 } });
    await noShow.waitFor({ state: 'hidden' });
    // Pick from the keyboard: the row swaps in place and the menu is gone with it.
    await summary.focus();
    await page.keyboard.press('Enter');
    await noShow.focus();
    await page.keyboard.press('Enter');
    await list.getByText('No-show', { exact: true }).waitFor();
    expect(await page.locator('details[data-row-menu][open]').count()).toBe(0);

    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/bookings`);
    // On a phone the filters fold away; the list is the first thing on screen.
    await expect(page.getByLabel('Show', { exact: true }).isVisible()).resolves.toBe(false);
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('Show', { exact: true }).waitFor();
    await page.getByText('Filters', { exact: true }).click();
    await page.goto(`${t.baseUrl}/bookings?show=all`);
    await screenshot(page, 'bookings-list-390');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(page.consoleErrors).toEqual([]);
    await browser.close();
  });

  it('books an empty hour from the week, opens a completed session’s details, and shows a day view on a phone', async () => {
    browser = await launchBrowser();
    const trainer = await createTrainer(t, { timeZone: 'UTC' });
    await setWorkingHours(trainer);
    const client = await createClient(t, trainer.actor, { name: 'Ελένη Παπαδοπούλου' });
    const other = await createClient(t, trainer.actor, { name: '李小龍' });
    const today = dayFromToday(0);
    const [completedId] = await insertBookings(trainer.actor, client.id, [
      { start: `${dayFromToday(-1)}T08:00:00Z`, status: 'completed', minutes: 45 },
      { start: `${today}T07:00:00Z`, status: 'no_show', minutes: 30 },
    ]);
    await insertBookings(trainer.actor, other.id, [
      { start: `${today}T15:00:00Z`, status: 'confirmed', minutes: 45 },
      { start: `${dayFromToday(1)}T10:00:00Z`, status: 'pending', minutes: 60 },
    ]);
    const page = await browser.newPage();
    await page.setViewportSize(VIEWPORTS.desktop);
    await signIn(page, t.baseUrl, trainer);
    await page.goto(`${t.baseUrl}/bookings?view=week&day=${today}`);
    const grid = page.locator('[data-week-grid]');
    // A 45-minute session shows its time and name in full.
    const short = grid.locator('[data-session="confirmed"]').first();
    await short.waitFor();
    await expect(short.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).resolves.toBe(true);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'bookings-week-1280');

    const dialog = page.getByRole('dialog');
    await grid
      .getByRole('link', { name: new RegExp(`^Book .* at 16:00$`) })
      .nth(2)
      .click();
    await dialog.getByRole('heading', { name: 'New booking' }).waitFor();
    await expect(dialog.getByLabel('Start time').inputValue()).resolves.toBe('16:00');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await grid.locator(`a[href="/bookings/${completedId}"]`).first().click();
    await dialog.getByRole('heading', { name: 'Session with Ελένη Παπαδοπούλου' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Move session' }).count()).toBe(0);
    await dialog.getByText('Completed', { exact: true }).waitFor();
    await dialogShot(page, 'bookings-details-1280');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/bookings?view=week&day=${today}`);
    const dayView = page.locator('[data-day-view]');
    await dayView.getByText('李小龍').waitFor();
    await expect(grid.isVisible()).resolves.toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'bookings-day-390');
    await dayView.getByRole('link', { name: 'Previous day' }).click();
    await dayView.getByText('Ελένη Παπαδοπούλου').waitFor();
    await dayView.locator(`a[href="/bookings/${completedId}"]`).click();
    await dialog.getByRole('heading', { name: 'Session with Ελένη Παπαδοπούλου' }).waitFor();
    await dialogShot(page, 'bookings-details-390');
    expect(page.consoleErrors).toEqual([]);
    await browser.close();
  });

  it('books through the full-page form without JavaScript, picking from the free-slot list', async () => {
    browser = await launchBrowser({ javaScriptEnabled: false });
    const trainer = await createTrainer(t, { timeZone: 'UTC' });
    await setWorkingHours(trainer);
    await createClient(t, trainer.actor, { name: 'Ava Jones' });
    const page = await browser.newPage();
    await signIn(page, t.baseUrl, trainer);
    await page.goto(`${t.baseUrl}/bookings`);
    await page.getByRole('link', { name: 'New booking' }).first().click();
    await page.waitForURL(`${t.baseUrl}/bookings/create-form`);
    await page.getByRole('heading', { name: 'New booking', level: 2 }).waitFor();
    await page.getByLabel('Client').selectOption({ label: 'Ava Jones' });
    await page.getByLabel('Date').fill('2031-06-04');
    await page.getByRole('button', { name: 'Show free times for this date' }).click();
    await page.getByText('Free 60-minute slots · Wed 4 Jun').waitFor();
    await page.locator('label:has(input[name="time"][value="08:30"])').click();
    await page.getByRole('button', { name: 'Create booking' }).click();
    await page.waitForURL(`${t.baseUrl}/bookings`);
    await page.getByText('Session booked with Ava Jones').waitFor();
    await page.goto(`${t.baseUrl}/bookings?show=all`);
    await page.getByText('08:30–09:30').waitFor();
    await browser.close();
  });
});
