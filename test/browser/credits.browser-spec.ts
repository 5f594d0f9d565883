import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { insertClient } from '../factories/bookings.factory.js';
import { createPackage, sellPackage } from '../factories/packages.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { signIn } from '../helpers/browser-session.js';
import { screenshot } from '../helpers/screenshots.js';

/** Local (UTC trainer) date and time some hours from now, as the form's inputs want them. */
function inHours(hours: number): { date: string; time: string } {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return { date: at.toISOString().slice(0, 10), time: at.toISOString().slice(11, 16) };
}

describe('Package credits in Chromium', () => {
  const env = useBrowserApp();

  it('books with a credit, sees the balance drop, and is warned before a late cancellation forfeits one', async () => {
    const trainer = await createTrainer(env.t, { timeZone: 'UTC' });
    const client = await insertClient(env.t, trainer, { name: 'Maya Patel' });
    const pkg = await createPackage(env.t, trainer.actor, { name: 'Ten pack', sessionCount: 10 });
    await sellPackage(env.t, trainer.actor, client.id, { packageId: pkg.id });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    const balance = page.getByTestId('credit-balance');
    await expect(balance.textContent()).resolves.toContain('10');

    for (const when of [inHours(24 * 5), inHours(3)]) {
      await page.getByRole('link', { name: 'Book a session' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'New booking' }).waitFor();
      await expect(dialog.getByLabel('Payment').inputValue()).resolves.not.toBe('session');
      await dialog.getByLabel('Date').fill(when.date);
      await dialog.getByLabel('Start time').fill(when.time);
      await dialog.getByRole('button', { name: 'Create booking' }).click();
      const hours = dialog.getByText('Book it anyway');
      // Outside working hours is only a warning: confirm it when it appears.
      await Promise.race([dialog.waitFor({ state: 'hidden' }), hours.waitFor()]);
      if (await hours.isVisible()) {
        await dialog.getByLabel('Book it anyway').check();
        await dialog.getByRole('button', { name: 'Create booking' }).click();
        await dialog.waitFor({ state: 'hidden' });
      }
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="credit-balance"]')?.textContent?.includes('8'));
    await screenshot(page, 'credits-client-after-booking-1280');

    await page.goto(`${env.t.baseUrl}/bookings`);
    await page.getByRole('link', { name: /^Cancel Maya Patel/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('this forfeits 1 credit').waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'credits-late-cancel-warning-1280');
    expect(page.consoleErrors).toEqual([]);
  });
});
