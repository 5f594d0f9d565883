import { describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localDateOf } from '../../src/common/time/zoned-time.js';
import { createTrainer, type TrainerFixture } from '../factories/accounts.factory.js';
import { AnalyticsSeed, rebuildRollups, seedStudio } from '../factories/analytics.factory.js';
import { createPackage } from '../factories/packages.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp, type TestPage } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { VIEWPORTS } from '../helpers/screenshots.js';

/** The issue's review shots go to the shared notes folder, beside the other pages' shots. */
const SHOTS = process.env.ANALYTICS_SHOTS_DIR ?? '/work/notes/shots';

async function shot(page: TestPage, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const ready = (page: TestPage) =>
  page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');

describe('Analytics in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  /** A studio with about 200 days of history, its rollups rebuilt as the worker would. */
  async function studio(): Promise<TrainerFixture> {
    const trainer = await createTrainer(env.t, { name: 'Siobhán O’Brien' });
    const pack = await createPackage(env.t, trainer.actor, {
      name: '10 sessions',
      sessionCount: 10,
      priceMinor: 50_000,
    });
    const today = localDateOf(new Date(), 'Europe/London');
    const seed = await AnalyticsSeed.open(trainer.actor.trainerId as string);
    try {
      await seedStudio(seed, pack.id, today);
    } finally {
      await seed.close();
    }
    await rebuildRollups(env.t, trainer.actor.trainerId as string, '2025-01-01', '2027-12-31');
    return trainer;
  }

  it('shows every section, switches range and granularity in place, and keeps the URL', async () => {
    const trainer = await studio();
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/analytics?preset=last-90-days`);
    await ready(page);
    for (const name of ['Revenue', 'Sessions', 'Activity', 'Busiest hours', 'Retention', 'Credit liability'])
      await page.getByRole('heading', { name, exact: true }).waitFor();
    await expect(page.locator('[data-testid="tile-revenue"]').textContent()).resolves.toMatch(/£[\d,]+\.\d\d/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'analytics-1280');

    // A preset: htmx swaps #analytics and pushes the new URL; the page itself is not reloaded.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.getByRole('link', { name: 'Year to date' }).click();
    await page.waitForURL(/preset=year-to-date/);
    await page.locator('a[aria-current="true"]', { hasText: 'Year to date' }).waitFor();
    // Most of a year reads best by month; a click asks for weeks instead.
    await page.locator('a[aria-current="true"]', { hasText: 'Month' }).waitFor();
    await page.getByRole('link', { name: 'Week', exact: true }).click();
    await page.waitForURL(/preset=year-to-date&granularity=week/);
    await page.getByRole('columnheader', { name: 'Week' }).first().waitFor();
    await expect(page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).resolves.toBe(true);

    // A custom range that makes no sense: field messages, the figures gone, nothing broken.
    await page.getByLabel('From', { exact: true }).fill('2026-05-10');
    await page.getByLabel('To', { exact: true }).fill('2026-05-01');
    await page.getByRole('button', { name: 'Show range' }).click();
    await page.getByText('The end date must be on or after the start date.').waitFor();
    await expect(page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('Fix the dates above to see your figures.').waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('To', { exact: true }).fill('2026-05-31');
    await page.getByRole('button', { name: 'Show range' }).click();
    await page.waitForURL(/from=2026-05-10&to=2026-05-31/);
    await page.getByRole('heading', { name: '10 May – 31 May 2026' }).waitFor();
    await page.locator('span[aria-current="true"]', { hasText: 'Custom' }).waitFor();
    // The browser logs the deliberate 422 itself; nothing else may appear.
    expect(page.consoleErrors.filter((message) => !message.includes('status of 422'))).toEqual([]);
  }, 90_000);

  it('fits a 390 px phone without sideways scrolling', async () => {
    const trainer = await studio();
    const page = await env.browser.newPage();
    await page.setViewportSize(VIEWPORTS.phone);
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/analytics?preset=last-90-days`);
    await ready(page);
    await page.getByRole('heading', { name: 'Busiest hours' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    // The heatmap turns on its side: hours down, weekdays across.
    await expect(page.getByRole('table', { name: /by start hour \(rows\)/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('table', { name: /by weekday \(rows\)/ }).isVisible()).resolves.toBe(false);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'analytics-390');
    expect(page.consoleErrors).toEqual([]);
  }, 90_000);

  it('greets a brand-new trainer with one friendly empty state, not eight empty cards', async () => {
    const trainer = await createTrainer(env.t, { name: 'Ελένη Νέα' });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/analytics`);
    await ready(page);
    await page.getByRole('heading', { name: 'Nothing to report for these dates yet' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Busiest hours' }).count()).resolves.toBe(0);
    // "New booking" opens the booking form in the modal, as everywhere else.
    await page.getByRole('link', { name: 'New booking' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'New booking' }).waitFor();
    await page.keyboard.press('Escape');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'analytics-new-trainer-1280');
    expect(page.consoleErrors).toEqual([]);
  }, 60_000);
});
