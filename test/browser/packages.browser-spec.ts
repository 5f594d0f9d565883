import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTrainer } from '../factories/accounts.factory.js';
import { createClient } from '../factories/clients.factory.js';
import { createPackage } from '../factories/packages.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { signIn } from '../helpers/browser-session.js';
import { screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../helpers/screenshots.js';

/** The window only: a full-page shot stretches the viewport, which moves a fixed sheet or a menu off its place. */
async function viewportShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

describe('Packages in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  it('sells a package from the client page; the modal closes and the balance shows', async () => {
    const trainer = await createTrainer(env.t, { name: 'Priya Shah' });
    const client = await createClient(env.t, trainer.actor, { name: 'Sam Carter' });
    await createPackage(env.t, trainer.actor, {
      name: '10 sessions',
      sessionCount: 10,
      priceMinor: 50_000,
      validityDays: 90,
    });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    const section = page.locator('#client-credits');
    await section.getByText('No packages yet').waitFor();

    await section.getByRole('link', { name: 'Sell a package' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Sell a package to Sam Carter' }).waitFor();
    await dialog.getByLabel('Package').selectOption({ label: '10 sessions · £500.00' });
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Sell package' }).click();

    await page.locator('[data-testid="credit-balance"]', { hasText: '10 credits' }).waitFor();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await section.getByText('10 of 10 left').waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'packages-client-sold-1280');

    await page.goto(`${env.t.baseUrl}/packages`);
    await page.locator('[data-testid="liability"]', { hasText: '£500.00' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'packages-catalogue-1280');
  }, 60_000);

  it('hides "Paid by" while "Pays later" is chosen, then offers to record the payment right after the sale', async () => {
    const trainer = await createTrainer(env.t, { name: 'Priya Shah' });
    const client = await createClient(env.t, trainer.actor, { name: 'Siobhán O’Brien' });
    await createPackage(env.t, trainer.actor, { name: 'Intro', sessionCount: 3, priceMinor: 12_000 });
    await createPackage(env.t, trainer.actor, { name: '10 sessions', sessionCount: 10, priceMinor: 50_000 });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    await page.locator('#client-credits').getByRole('link', { name: 'Sell a package' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Sell a package to Siobhán O’Brien' }).waitFor();
    const paidBy = dialog.getByLabel('Paid by');
    await expect(paidBy.isVisible()).resolves.toBe(true);
    await dialog.getByLabel('Pays later').check();
    await paidBy.waitFor({ state: 'hidden' });
    await dialog.getByText('No payment is recorded now.').waitFor();
    await dialog.getByLabel('Paid now').check();
    await paidBy.waitFor({ state: 'visible' });
    await dialog.getByLabel('Pays later').check();
    await dialog.getByLabel('Package').selectOption({ label: 'Intro · 3 sessions · £120.00' });
    await dialog.getByRole('button', { name: 'Sell package' }).click();

    await dialog.getByRole('heading', { name: 'Package sold' }).waitFor();
    await page.locator('[data-testid="amount-owed"]', { hasText: 'Owes £120.00' }).waitFor();
    await dialog.getByRole('link', { name: 'Record payment now' }).click();
    await dialog.getByRole('heading', { name: 'Record a payment from Siobhán O’Brien' }).waitFor();
    await expect(dialog.getByLabel('Amount (GBP)').inputValue()).resolves.toBe('120.00');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="amount-owed"]').waitFor({ state: 'detached' });
    await page.getByTestId('payment-history').getByText('£120.00').waitFor();
    expect(page.consoleErrors).toEqual([]);
  }, 60_000);

  it('looks right: the catalogue and the sell form at desktop and phone widths', async () => {
    const trainer = await createTrainer(env.t, { name: 'Priya Shah' });
    await createClient(env.t, trainer.actor, { name: 'Sam Carter' });
    for (const [name, sessionCount, priceMinor, validityDays] of [
      ['20 sessions', 20, 90_000, 180],
      ['Intro', 1, 4_000, 14],
      ['10 sessions', 10, 50_000, 90],
      ['5 sessions', 5, 26_000, null],
    ] as const) {
      await createPackage(env.t, trainer.actor, {
        name,
        sessionCount,
        priceMinor,
        validityDays,
        description: name === 'Intro' ? 'A first session to get to know each other.' : null,
      });
    }
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    for (const size of Object.values(VIEWPORTS)) {
      await page.setViewportSize(size);
      await page.goto(`${env.t.baseUrl}/packages`);
      await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
      const names = await page.locator('#packages-list li.card .font-semibold.break-words').allTextContents();
      expect(names).toEqual(['Intro', '5 sessions', '10 sessions', '20 sessions']);
      await screenshot(page, `packages-list-${size.width}`);
      await page.getByRole('link', { name: 'Sell 10 sessions' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Sell a package' }).waitFor();
      await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
      await viewportShot(page, `packages-sell-form-${size.width}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    expect(page.consoleErrors).toEqual([]);
  }, 60_000);
});
