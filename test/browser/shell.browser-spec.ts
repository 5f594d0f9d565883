import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp, type TestPage } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { screenshot, VIEWPORTS } from '../helpers/screenshots.js';

/** True while the focus is inside the open dialog. */
const focusInDialog = (page: TestPage) =>
  page.evaluate(() => document.activeElement?.closest('dialog#modal[open]') != null);

/** Resolves once `predicate` holds in the page: the dialog moves the focus as part of opening, after the swap. */
const until = (page: TestPage, predicate: () => boolean) => page.waitForFunction(predicate);

describe('The app shell in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  async function clientsPage(width: keyof typeof VIEWPORTS = 'desktop'): Promise<TestPage> {
    const trainer = await createTrainer(env.t, { name: 'Siobhán O’Brien' });
    const page = await env.browser.newPage();
    await page.setViewportSize(VIEWPORTS[width]);
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    return page;
  }

  /** Opens "New client" from the keyboard: focus the opener, press Enter. */
  async function openWithKeyboard(page: TestPage): Promise<void> {
    await page.getByRole('link', { name: 'New client' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('heading', { name: 'New client' }).waitFor();
  }

  it('opens the modal from the keyboard, keeps Tab inside it, closes on Escape and returns the focus', async () => {
    const page = await clientsPage();
    await openWithKeyboard(page);
    // The first field takes the focus.
    await until(page, () => document.activeElement?.getAttribute('name') === 'name');
    // The page behind is inert: a native modal dialog, not a div pretending to be one.
    expect(await page.evaluate(() => (document.getElementById('modal') as HTMLDialogElement).matches(':modal'))).toBe(
      true,
    );

    const visited = new Set<string>();
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press(i % 4 === 3 ? 'Shift+Tab' : 'Tab');
      const inside = await focusInDialog(page);
      expect(inside).toBe(true);
      visited.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60) ?? ''));
    }
    // It went round: the fields, the buttons and the Close button were all reached.
    expect(visited.size).toBeGreaterThanOrEqual(5);

    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await until(page, () => document.activeElement?.textContent?.trim() === 'New client');
    expect(await page.locator('#modal-content').innerHTML()).toBe('');
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('closes from its Close button and from the backdrop, the focus back on the opener each time', async () => {
    const page = await clientsPage();
    await openWithKeyboard(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await until(page, () => document.activeElement?.textContent?.trim() === 'New client');

    await openWithKeyboard(page);
    await page.mouse.click(5, 400);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await until(page, () => document.activeElement?.textContent?.trim() === 'New client');
    await page.close();
  });

  it('sends one request for a double submit, then shows a toast in a live region', async () => {
    const page = await clientsPage();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/clients/create')) posts.push(request.url());
    });
    // Hold the answer back so the second submit lands while the first is still in flight.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/clients/create', async (route) => {
      await held;
      await route.continue();
    });

    await openWithKeyboard(page);
    await page.getByLabel('Name').fill('Łukasz Żółć');
    await page.keyboard.press('Enter');
    await until(
      page,
      () => document.querySelector<HTMLButtonElement>('#modal button[type="submit"]')?.disabled === true,
    );
    // A second Enter and a click on the (disabled) button: neither may send anything.
    await page.getByLabel('Name').press('Enter');
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('#modal button[type="submit"]')?.click());
    release();

    const toast = page.locator('#flash').getByText('Łukasz Żółć added.', { exact: true });
    await toast.waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(posts).toHaveLength(1);
    // Announced: the toast is a status inside the polite live region.
    expect(await page.locator('#flash').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#flash [role="status"]').count()).toBe(1);
    await screenshot(page, 'shell-toast-1280');
    await page.locator('#flash').getByRole('button', { name: 'Dismiss' }).click();
    await toast.waitFor({ state: 'detached' });
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('works at 390 px: the menu is a popover, the modal a sheet that fits, nothing scrolls sideways', async () => {
    const page = await clientsPage('phone');
    await screenshot(page, 'shell-page-390');
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bookings' }).waitFor();
    await screenshot(page, 'shell-menu-390');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'hidden' });

    await openWithKeyboard(page);
    await until(page, () => document.activeElement?.getAttribute('name') === 'name');
    const box = await page.getByRole('dialog').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'shell-dialog-390');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.close();
  });

  it('renders an unknown URL inside the app shell for a signed-in trainer, at both widths', async () => {
    const page = await clientsPage();
    await openWithKeyboard(page);
    await screenshot(page, 'shell-dialog-1280');
    await page.keyboard.press('Escape');
    await screenshot(page, 'shell-page-1280');

    const response = await page.goto(`${env.t.baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign up' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'shell-404-1280');
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'shell-404-390');
    await page.close();
  });
});
