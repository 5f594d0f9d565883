import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { insertClient } from '../factories/bookings.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { screenshot, VIEWPORTS } from '../helpers/screenshots.js';
import { listenTestApp, type TestApp } from '../helpers/test-app.js';

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
    await insertClient(t, trainer, { name: 'Noah Kim' });
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
    await page.setViewportSize(VIEWPORTS.desktop);
    await screenshot(page, 'bookings-list-1280');

    await page.getByRole('link', { name: /^Cancel Noah Kim/ }).click();
    await dialog.getByRole('button', { name: 'Cancel session' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: /^Cancel Noah Kim/ }).click();
    await dialog.getByRole('button', { name: 'Cancel session' }).click();
    await page.locator('#bookings-list').getByText('Cancelled', { exact: true }).waitFor();

    await page.goto(`${t.baseUrl}/bookings?view=week&week=2031-06-03`);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'bookings-week-1280');
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/bookings?show=all`);
    await screenshot(page, 'bookings-list-390');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(page.consoleErrors).toEqual([]);
    await browser.close();
  });

  it('books through the full-page form without JavaScript', async () => {
    browser = await launchBrowser({ javaScriptEnabled: false });
    const trainer = await createTrainer(t, { timeZone: 'UTC' });
    await insertClient(t, trainer, { name: 'Ava Jones' });
    const page = await browser.newPage();
    await signIn(page, t.baseUrl, trainer);
    await page.goto(`${t.baseUrl}/bookings`);
    await page.getByRole('link', { name: 'New booking' }).first().click();
    await page.waitForURL(`${t.baseUrl}/bookings/create-form`);
    await page.getByLabel('Client').selectOption({ label: 'Ava Jones' });
    await page.getByLabel('Date').fill('2031-06-04');
    await page.getByLabel('Start time').fill('07:30');
    await page.getByRole('button', { name: 'Create booking' }).click();
    await page.waitForURL(`${t.baseUrl}/bookings`);
    await page.getByText('Session booked with Ava Jones').waitFor();
    await page.goto(`${t.baseUrl}/bookings?show=all`);
    await page.getByText('07:30–08:30').waitFor();
    await browser.close();
  });
});
