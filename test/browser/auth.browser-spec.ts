import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../factories/accounts.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { horizontalOverflow } from '../helpers/browser-session.js';
import { screenshot, VIEWPORTS } from '../helpers/screenshots.js';

const PASSWORD = 'barbell-complex-at-six';

async function register(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('Your name').fill('Morgan Reeves');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Business name').fill('Reeves Strength');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${baseUrl}/dashboard`);
}

async function logOut(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
}

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('Sign-up journey in Chromium %s', (label, javaScriptEnabled) => {
  // axe runs inside the page, so it can only audit when JavaScript is on; the no-JS run checks behaviour.
  const audit = (page: Page) => (javaScriptEnabled ? expectNoSeriousA11yViolations(page) : Promise.resolve());

  const env = useBrowserApp({ javaScriptEnabled });

  it('registers, lands on the dashboard shell, logs out and logs back in', async () => {
    const page = await env.browser.newPage();
    const email = uniqueEmail('browser');
    await register(page, env.t.baseUrl, email);
    await page.getByText('Reeves Strength').first().waitFor();
    await expect(page.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).resolves.toBe('page');
    await audit(page);
    await logOut(page);
    await page.getByText('You’re logged out').first().waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${env.t.baseUrl}/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    if (javaScriptEnabled) expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('keeps typed values and shows field errors after a bad sign-up', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.t.baseUrl}/register`);
    await page.getByLabel('Your name').fill('Casey Short');
    await page.getByLabel('Email').fill(uniqueEmail('short'));
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use at least 10 characters.').waitFor();
    await expect(page.getByLabel('Your name').inputValue()).resolves.toBe('Casey Short');
    await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
    await audit(page);
    await page.close();
  });

  it('renders the login and sign-up pages cleanly at desktop and phone widths', async () => {
    const page = await env.browser.newPage();
    for (const path of ['login', 'register']) {
      for (const [name, size] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(size);
        await page.goto(`${env.t.baseUrl}/${path}`);
        await audit(page);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, `${path}-${size.width}-${label.replace(/\W+/g, '-')}`);
        expect(name).toBeTruthy();
      }
    }
    await page.close();
  });
});
