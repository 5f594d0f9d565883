import { describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, localDateOf } from '../../src/common/time/zoned-time.js';
import { createTrainer, type TrainerFixture } from '../factories/accounts.factory.js';
import { apiLogin, bearer } from '../helpers/api-client.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { signIn } from '../helpers/browser-session.js';
import { screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../helpers/screenshots.js';

describe('Availability in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  async function signInTo(page: Page, trainer: TrainerFixture): Promise<void> {
    await signIn(page, env.t.baseUrl, trainer, '/availability');
    await page.waitForFunction(() => 'htmx' in window);
  }

  async function saved(trainer: TrainerFixture) {
    const { accessToken } = await apiLogin(env.t, trainer.email, trainer.password);
    return (await env.t.http().get('/api/v1/availability').set(bearer(accessToken)).expect(200)).body;
  }

  it('edits the week’s hours in place and saves them', async () => {
    const trainer = await createTrainer(env.t, { name: 'Hana Hours' });
    const page = await env.browser.newPage();
    await signInTo(page, trainer);
    const url = page.url();

    await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    await page.getByText('Unsaved changes.').waitFor();
    const from = page.getByLabel('Monday, range 1, from');
    await expect(from.inputValue()).resolves.toBe('09:00');
    await page.getByText('Unsaved changes.').waitFor();
    // htmx swapped the card and moved focus to the new row; the page itself did not reload.
    await expect(from.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(page.url()).toBe(url);

    await page.getByLabel('Monday, range 1, until').fill('12:30');
    await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    await expect(page.getByLabel('Monday, range 2, from').inputValue()).resolves.toBe('13:30');
    await page.getByRole('button', { name: 'Copy Monday to Tue–Fri' }).click();
    await expect(page.getByLabel('Friday, range 2, until').inputValue()).resolves.toBe('16:30');
    await page.getByRole('button', { name: 'Remove Friday 13:30–16:30' }).click();
    await page.getByLabel('Friday, range 2, from').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Save hours' }).first().click();
    await page.getByRole('status').filter({ hasText: 'Working hours saved.' }).waitFor();
    await page.getByText('Unsaved changes.').waitFor({ state: 'detached' });
    await page.getByText('29 h 30 min a week').waitFor();
    const body = await saved(trainer);
    expect(body.weekly).toHaveLength(9);
    expect(body.weekly.filter((range: { weekday: number }) => range.weekday === 5)).toEqual([
      { weekday: 5, start: '09:00', end: '12:30' },
    ]);

    await expectNoSeriousA11yViolations(page);
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('shows a bad range’s message on the row without losing the rest', async () => {
    const trainer = await createTrainer(env.t, { name: 'Ivo Invalid' });
    const page = await env.browser.newPage();
    await signInTo(page, trainer);
    await page.getByRole('button', { name: 'Add hours on Tuesday' }).click();
    await page.getByLabel('Tuesday, range 1, until').fill('08:00');
    await page.getByRole('button', { name: 'Save hours' }).last().click();
    await page.getByText('Finish after the start time.').waitFor();
    await expect(page.getByLabel('Tuesday, range 1, until').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoSeriousA11yViolations(page);
    expect((await saved(trainer)).weekly).toEqual([]);
    await page.close();
  });

  it('adds and removes a day off, with the list updating in place', async () => {
    const trainer = await createTrainer(env.t, { name: 'Dara Daysoff' });
    const page = await env.browser.newPage();
    await signInTo(page, trainer);
    const date = addDays(localDateOf(new Date(), 'Europe/London'), 21);
    await page.getByLabel('First day').fill(date);
    await page.getByLabel('Reason').fill('Half marathon');
    await page.getByRole('button', { name: 'Add day off' }).click();
    const row = page.locator('#days-off-list li', { hasText: 'Half marathon' });
    await row.waitFor();
    await expect(page.getByLabel('Reason').inputValue()).resolves.toBe('');
    await page.getByRole('status').filter({ hasText: 'Day off added' }).waitFor();
    await expectNoSeriousA11yViolations(page);

    await row.getByRole('button', { name: /^Remove day off/ }).click();
    await page.getByText('No days off coming up.').waitFor();
    expect((await saved(trainer)).daysOff).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('serves a slot picker whose pills set the form’s "time" field when clicked', async () => {
    const trainer = await createTrainer(env.t, { name: 'Pia Picker' });
    const page = await env.browser.newPage();
    await signInTo(page, trainer);
    const { accessToken } = await apiLogin(env.t, trainer.email, trainer.password);
    let date = addDays(localDateOf(new Date(), 'Europe/London'), 7);
    while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 2) date = addDays(date, 1);
    await env.t
      .http()
      .put('/api/v1/availability')
      .set(bearer(accessToken))
      .send({
        weekly: [
          { weekday: 2, start: '07:00', end: '12:00' },
          { weekday: 2, start: '16:00', end: '20:00' },
        ],
      })
      .expect(200);

    // Stand in for the booking form: a form holding the fragment, loaded by htmx the way the bookings page will.
    await page.evaluate(async (query) => {
      const form = document.createElement('form');
      form.id = 'booking-form';
      form.className = 'card card-body max-w-lg';
      form.innerHTML = '<div id="booking-slots"></div>';
      document.querySelector('main')?.prepend(form);
      await (
        window as unknown as { htmx: { ajax: (verb: string, url: string, options: object) => Promise<void> } }
      ).htmx.ajax('GET', `/availability/slots?${query}`, { target: '#booking-slots' });
    }, `date=${date}&durationMinutes=90`);
    await page.getByText('Free 90-minute slots').waitFor();
    await page.getByText('10:30', { exact: true }).click();
    const picked = await page.evaluate(() =>
      new FormData(document.getElementById('booking-form') as HTMLFormElement).get('time'),
    );
    expect(picked).toBe('10:30');
    await expect(page.getByRole('radio', { name: '10:45' }).count()).resolves.toBe(0);
    await expectNoSeriousA11yViolations(page);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.locator('#booking-form').screenshot({ path: join(SCREENSHOT_DIR, 'availability-slots.png') });
    await page.close();
  });

  it('looks right at desktop and phone widths, with no sideways scrolling', async () => {
    const trainer = await createTrainer(env.t, { name: 'Sol Screens' });
    const page = await env.browser.newPage();
    await signInTo(page, trainer);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'availability-empty-1280');
    const { accessToken } = await apiLogin(env.t, trainer.email, trainer.password);
    const today = localDateOf(new Date(), 'Europe/London');
    await env.t
      .http()
      .put('/api/v1/availability')
      .set(bearer(accessToken))
      .send({
        weekly: [
          ...[1, 2, 3, 4].flatMap((weekday) => [
            { weekday, start: '07:00', end: '12:00' },
            { weekday, start: '16:00', end: '20:00' },
          ]),
          { weekday: 5, start: '07:00', end: '13:00' },
          { weekday: 6, start: '08:00', end: '11:00' },
        ],
        daysOff: [
          { date: addDays(today, 12), reason: 'Level 3 course' },
          { date: addDays(today, 26), reason: 'Holiday' },
          { date: addDays(today, 27), reason: 'Holiday' },
        ],
      })
      .expect(200);
    for (const size of Object.values(VIEWPORTS)) {
      await page.setViewportSize(size);
      await page.goto(`${env.t.baseUrl}/availability`);
      await expectNoSeriousA11yViolations(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `availability-${size.width}`);
    }
    // On a phone the navigation sits behind the menu button; Availability is in it, marked as the current page.
    await page.getByRole('button', { name: 'Menu' }).click();
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Availability' });
    await link.waitFor({ state: 'visible' });
    await expect(link.getAttribute('aria-current')).resolves.toBe('page');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'availability-390-menu.png') });
    await page.close();
  });
});
