import { describe, expect, it } from '@jest/globals';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp } from '../helpers/browser.js';
import { horizontalOverflow } from '../helpers/browser-session.js';
import { screenshot, VIEWPORTS } from '../helpers/screenshots.js';

describe('Landing page in Chromium', () => {
  const env = useBrowserApp();

  it('loads with htmx and the app script running and no console errors', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.t.baseUrl}/`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    expect(await page.evaluate(() => typeof (window as unknown as { htmx: { version: string } }).htmx.version)).toBe(
      'string',
    );
    expect(page.consoleErrors).toEqual([]);
    await page.getByRole('link', { name: 'Sign up' }).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.setViewportSize(VIEWPORTS.desktop);
    await screenshot(page, 'landing-1280');
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, 'landing-390');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('shows a friendly 404 page', async () => {
    const page = await env.browser.newPage();
    const response = await page.goto(`${env.t.baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.close();
  });
});
