import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoData } from '../../scripts/lib/demo-data.js';
import { createTrainer } from '../factories/accounts.factory.js';
import { insertStudio } from '../factories/dashboard.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { join } from 'node:path';
import { screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../helpers/screenshots.js';
import { listenTestApp, type TestApp } from '../helpers/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECTIONS = ['#dashboard-stats', '#dashboard-upcoming', '#dashboard-clients', '#dashboard-revenue'];

/** Waits until htmx has replaced every skeleton with its section. */
async function sectionsLoaded(page: Page): Promise<void> {
  for (const id of SECTIONS) await page.locator(`${id}:not([data-skeleton])`).waitFor();
}

/** Waits until Chart.js has drawn the revenue chart: its instance exists and some pixel is no longer transparent. */
async function chartDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#dashboard-revenue canvas');
    const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart;
    const context = canvas?.getContext('2d');
    if (!canvas || !chart?.getChart(canvas) || !context || canvas.width === 0) return false;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
}

async function settled(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
}

/**
 * A whole-page shot in which the fixed sidebar runs the full height (a full-page capture would stop it at the
 * first screen), plus screen-sized slices of it for a closer look.
 */
async function shoot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? VIEWPORTS.desktop;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height });
  await settled(page);
  await screenshot(page, name);
  await page.setViewportSize(viewport);
  for (let part = 0; part * viewport.height < height; part += 1) {
    await page.evaluate((y) => window.scrollTo(0, y), part * viewport.height);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-part${part + 1}.png`) });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The stat card's big number. */
function statValue(page: Page, key: string): Promise<string> {
  return page.locator(`[data-stat="${key}"] [data-value]`).innerText();
}

describe('Dashboard in Chromium', () => {
  let t: TestApp & { baseUrl: string };
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await listenTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A trainer in UTC with two clients, sessions today and this week, a package and payments. */
  async function studio(options: { hours?: boolean } = {}) {
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien', timeZone: 'UTC' });
    const now = Date.now();
    await insertStudio(trainer.actor, {
      hours: options.hours ?? true,
      clients: [
        { key: 'a', name: 'Ελένη Παπαδοπούλου', createdAt: new Date(now - 120 * DAY) },
        { key: 'b', name: 'Łukasz Nowak', createdAt: new Date(now - 3 * DAY) },
      ],
      purchases: [
        { key: 'pa', client: 'a', granted: 10, remaining: 3, priceMinor: 50_000, expiresAt: new Date(now + 60 * DAY) },
      ],
      sessions: [
        { client: 'a', start: new Date(now - 8 * DAY), status: 'completed', purchase: 'pa' },
        { client: 'b', start: new Date(now - 15 * DAY), status: 'no_show' },
        { client: 'b', start: new Date(now + 3 * DAY), status: 'pending' },
      ],
      payments: [{ client: 'a', amountMinor: 50_000, paidAt: new Date(now - 60_000) }],
    });
    return trainer;
  }

  it('loads all four sections with htmx, draws the chart and passes axe, with no console errors', async () => {
    const trainer = await studio();
    const page = await browser.newPage();
    // Signing in lands on /dashboard through htmx (HX-Location), so the page comes with skeletons that load.
    await signIn(page, t.baseUrl, trainer);
    await sectionsLoaded(page);
    await expect(page.locator('#dashboard-upcoming').getByText('Łukasz Nowak').count()).resolves.toBeGreaterThan(0);
    await chartDrawn(page);
    // The figures stay in the page for screen readers, and "Show table" shows them to everyone.
    await page.getByRole('button', { name: 'Show table' }).click();
    await page.getByRole('table', { name: /Revenue by week/ }).waitFor();
    // The period toggle swaps the chart in place, and Chart.js draws the new one.
    await page.getByRole('link', { name: 'Months' }).click();
    await page.getByRole('table', { name: /Revenue by month/ }).waitFor({ state: 'attached' });
    await chartDrawn(page);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expectNoSeriousA11yViolations(page);
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('books from the dashboard: the modal closes and "upcoming" and the stats refresh', async () => {
    // No working hours, so an early-morning session books without the "outside your hours" question.
    const trainer = await studio({ hours: false });
    const page = await browser.newPage();
    await signIn(page, t.baseUrl, trainer);
    await sectionsLoaded(page);
    await page.locator('#dashboard-stats').evaluate((section: HTMLElement) => (section.dataset.before = 'yes'));
    const weekBefore = Number(await statValue(page, 'week'));
    await page.getByRole('link', { name: 'New booking' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'New booking' }).waitFor();
    await dialog.getByLabel('Client').selectOption({ label: 'Ελένη Παπαδοπούλου' });
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    await dialog.getByLabel('Date').fill(tomorrow);
    await dialog.getByLabel('Start time').fill('06:15');
    await dialog.getByRole('button', { name: 'Create booking' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#dashboard-upcoming').getByText('06:15–07:15').waitFor();
    // The stats section was fetched again (a new element) and, unless tomorrow is in next week, counts it.
    await page.locator('#dashboard-stats:not([data-before])').waitFor();
    if (new Date().getUTCDay() !== 0) {
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-stat="week"] [data-value]')?.textContent) === before + 1,
        weekBefore,
      );
    }
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('confirms a session from "upcoming": the row updates in place and the stats re-read', async () => {
    const trainer = await studio();
    const page = await browser.newPage();
    await signIn(page, t.baseUrl, trainer);
    await sectionsLoaded(page);
    await page.locator('#dashboard-stats').evaluate((section: HTMLElement) => (section.dataset.before = 'yes'));
    await page.locator('#dashboard-clients').evaluate((section: HTMLElement) => (section.dataset.before = 'yes'));
    const upcoming = page.locator('#dashboard-upcoming');
    await upcoming.getByRole('button', { name: /^Confirm Łukasz Nowak/ }).click();
    await upcoming.locator('li').filter({ hasText: 'Łukasz Nowak' }).getByText('Confirmed', { exact: true }).waitFor();
    await expect(upcoming.getByRole('button', { name: /^Confirm Łukasz Nowak/ }).count()).resolves.toBe(0);
    await page.locator('#dashboard-stats:not([data-before])').waitFor();
    await page.locator('#dashboard-clients:not([data-before])').waitFor();
    await page
      .getByText(/Łukasz Nowak, .*: confirmed\./)
      .first()
      .waitFor();
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('works without JavaScript: the sections render inline and the chart is a table', async () => {
    const trainer = await studio();
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await signIn(page, t.baseUrl, trainer);
      for (const id of SECTIONS) await page.locator(`${id}:not([data-skeleton])`).waitFor();
      await expect(page.locator('[data-skeleton]').count()).resolves.toBe(0);
      await page.getByRole('table', { name: /Revenue by week/ }).waitFor();
      await expect(page.locator('[data-chart-frame]').isVisible()).resolves.toBe(false);
      await page.getByRole('link', { name: 'Months' }).click();
      await page.waitForURL(`${t.baseUrl}/dashboard?period=months`);
      await page.getByRole('table', { name: /Revenue by month/ }).waitFor();
      // A quick action is a plain form post (Post/Redirect/Get); the dashboard then shows the session confirmed.
      await page.getByRole('button', { name: /^Confirm Łukasz Nowak/ }).click();
      await page.waitForURL((url) => url.pathname !== '/dashboard');
      await page.goto(`${t.baseUrl}/dashboard`);
      await expect(page.getByRole('button', { name: /^Confirm Łukasz Nowak/ }).count()).resolves.toBe(0);
      await shoot(page, 'dashboard-nojs-1280');
    } finally {
      await noJs.close();
    }
  });

  it('looks right for the demo studio and a brand-new trainer at 1280 and 390 px', async () => {
    await seedDemoData(t.orm.em.fork());
    const page = await browser.newPage();
    await signIn(page, t.baseUrl, { email: DEMO_EMAIL, password: DEMO_PASSWORD });
    for (const [label, size] of [
      ['1280', VIEWPORTS.desktop],
      ['390', VIEWPORTS.phone],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(`${t.baseUrl}/dashboard`);
      await sectionsLoaded(page);
      await chartDrawn(page);
      await settled(page);
      expect(await horizontalOverflow(page)).toBe(0);
      await shoot(page, `dashboard-demo-${label}`);
      await expectNoSeriousA11yViolations(page);
    }
    expect(page.consoleErrors).toEqual([]);
    await page.close();

    const newcomer = await createTrainer(t, { name: 'Amara Okafor' });
    const fresh = await browser.newPage();
    await signIn(fresh, t.baseUrl, newcomer);
    for (const [label, size] of [
      ['1280', VIEWPORTS.desktop],
      ['390', VIEWPORTS.phone],
    ] as const) {
      await fresh.setViewportSize(size);
      await fresh.goto(`${t.baseUrl}/dashboard`);
      await fresh.getByRole('heading', { name: 'Set up your studio in four steps' }).waitFor();
      await settled(fresh);
      expect(await horizontalOverflow(fresh)).toBe(0);
      await shoot(fresh, `dashboard-new-${label}`);
    }
    await expectNoSeriousA11yViolations(fresh);

    // A step done from the dashboard's own dialog is ticked in place.
    await fresh.setViewportSize(VIEWPORTS.desktop);
    await fresh.getByRole('link', { name: 'Add client' }).click();
    const dialog = fresh.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Zoë Ngata');
    await dialog.getByRole('button', { name: 'Add client' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await fresh.getByText('Add your first client (done)').waitFor();
    await fresh.getByText('1 of 4 done').waitFor();
    expect(fresh.consoleErrors).toEqual([]);
    await fresh.close();
  });
});
