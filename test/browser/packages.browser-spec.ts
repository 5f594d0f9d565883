import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { createClient } from '../factories/clients.factory.js';
import { createPackage } from '../factories/packages.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { signIn } from '../helpers/browser-session.js';
import { screenshot } from '../helpers/screenshots.js';

describe('Packages in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  it('sells a package from the client page; the modal closes and the balance shows', async () => {
    const trainer = await createTrainer(env.t, { name: 'Priya Shah' });
    const client = await createClient(env.t, trainer.actor, { name: 'Sam Carter' });
    await createPackage(env.t, trainer.actor, { name: '10 sessions', sessionCount: 10, priceMinor: 50_000, validityDays: 90 });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    await page.waitForFunction(() => 'htmx' in window && 'Alpine' in window);
    const section = page.locator('#client-credits');
    await section.getByText('No packages yet').waitFor();

    await section.getByRole('link', { name: 'Sell a package' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Sell a package to Sam Carter' }).waitFor();
    await dialog.getByLabel('Package').selectOption({ label: '10 sessions · 10 sessions · £500.00' });
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
});
