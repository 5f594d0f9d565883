import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { createClient } from '../factories/clients.factory.js';
import { createPackage, sellPackage } from '../factories/packages.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { signIn } from '../helpers/browser-session.js';
import { screenshot, VIEWPORTS } from '../helpers/screenshots.js';

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
    const client = await createClient(env.t, trainer.actor, { name: 'Maya Patel' });
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
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="credit-balance"]')?.textContent?.includes('8'),
    );
    await screenshot(page, 'credits-client-after-booking-1280');

    await page.goto(`${env.t.baseUrl}/bookings`);
    // Cancel sits in the row's menu of less frequent actions.
    const cancel = page.getByRole('link', { name: /^Cancel Maya Patel/ }).first();
    if (!(await cancel.isVisible()))
      await page
        .getByLabel(/^More actions for Maya Patel/)
        .first()
        .click();
    await cancel.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('this forfeits 1 credit').waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'credits-late-cancel-warning-1280');
    expect(page.consoleErrors).toEqual([]);
  });

  it('records a payment from the client page’s "Owes" line, then refunds part of it, and the history shows both', async () => {
    const trainer = await createTrainer(env.t, { timeZone: 'UTC' });
    const client = await createClient(env.t, trainer.actor, { name: 'Siobhán O’Brien', email: 'siobhan@example.com' });
    const pkg = await createPackage(env.t, trainer.actor, {
      name: '10 sessions',
      sessionCount: 10,
      priceMinor: 26_000,
      validityDays: 90,
    });
    await sellPackage(env.t, trainer.actor, client.id, { packageId: pkg.id, paid: false });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    const owed = page.getByTestId('amount-owed');
    await owed.getByText('Owes £260.00').waitFor();

    await owed.getByRole('link', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Record a payment from Siobhán O’Brien' }).waitFor();
    await dialog.getByLabel('Amount (GBP)').fill('abc');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.getByText('Enter the amount received').waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('amount');
    await dialog.getByLabel('Amount (GBP)').fill('260');
    await dialog.getByLabel('Paid by').selectOption({ label: 'Bank transfer' });
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await owed.waitFor({ state: 'detached' });
    const history = page.getByTestId('payment-history');
    await history.getByText('Bank transfer').waitFor();

    await history.getByRole('link', { name: /^Refund the £260.00 payment/ }).click();
    await dialog.getByRole('heading', { name: 'Refund Siobhán O’Brien' }).waitFor();
    await dialog.getByLabel(/Amount to give back/).fill('52');
    await dialog.getByLabel(/Reason/).fill('Two sessions she could not make.');
    await dialog.getByRole('button', { name: 'Record refund' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await history.getByText('−£52.00').waitFor();
    await history.getByText('£52.00 refunded').waitFor();
    // The one 422 is the form's own answer to "abc", which the browser logs as a failed load.
    expect(page.consoleErrors.filter((message) => !message.includes('422'))).toEqual([]);

    for (const size of Object.values(VIEWPORTS)) {
      await page.setViewportSize(size);
      await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
      await page.getByTestId('payment-history').waitFor();
      await screenshot(page, `clients-detail-payments-${size.width}`);
    }
  });

  it('records a payment without JavaScript, on a page of its own', async () => {
    const trainer = await createTrainer(env.t, { timeZone: 'UTC' });
    const client = await createClient(env.t, trainer.actor, { name: 'Łukasz Nowak' });
    const pkg = await createPackage(env.t, trainer.actor, { name: 'Intro', sessionCount: 3, priceMinor: 9_000 });
    await sellPackage(env.t, trainer.actor, client.id, { packageId: pkg.id, paid: false });
    const context = await env.browser.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients/${client.id}/credits`);
    await page.getByTestId('amount-owed').getByRole('link', { name: 'Record payment' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients/${client.id}/payments/new`);
    await page.getByLabel('Amount (GBP)').fill('90');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients/${client.id}`);
    await page.getByText('Recorded £90.00 from Łukasz Nowak.').waitFor();
    await page.goto(`${env.t.baseUrl}/clients/${client.id}/credits`);
    await expect(page.getByTestId('amount-owed').count()).resolves.toBe(0);
    await context.close();
  });
});
