import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTrainer, type TrainerFixture } from '../factories/accounts.factory.js';
import { insertBookings } from '../factories/bookings.factory.js';
import { createClient } from '../factories/clients.factory.js';
import { createPackage, sellPackage } from '../factories/packages.factory.js';
import { daysFromNow } from '../helpers/time.js';
import { expectNoSeriousA11yViolations } from '../helpers/axe.js';
import { useBrowserApp, type TestPage } from '../helpers/browser.js';
import { horizontalOverflow, signIn } from '../helpers/browser-session.js';
import { screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../helpers/screenshots.js';

/** The window only: a full-page shot stretches the viewport, which moves a fixed sheet or a menu off its place. */
async function viewportShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Waits until the field with this label has the focus (the modal moves focus a tick after it opens). */
async function waitForFocus(page: TestPage, label: string): Promise<void> {
  await page.getByLabel(label).evaluate(
    (el) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = () =>
          el === document.activeElement
            ? resolve()
            : Date.now() - started > 3000
              ? reject(new Error('not focused'))
              : setTimeout(check, 20);
        check();
      }),
  );
}

describe('Clients in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  async function signedInPage(): Promise<{ page: TestPage; trainer: TrainerFixture }> {
    const trainer = await createTrainer(env.t, { name: 'Morgan Reeves' });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    return { page, trainer };
  }

  const modal = (page: TestPage) => page.getByRole('dialog');
  const list = (page: TestPage) => page.locator('#clients-list');

  it('creates a client through the modal: the modal closes, a toast confirms and the list refreshes', async () => {
    const { page } = await signedInPage();
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    await list(page).getByText('No clients yet').waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('link', { name: 'New client' }).first().click();
    await modal(page).getByRole('heading', { name: 'New client' }).waitFor();

    // A mistake first: the form comes back in the modal with messages and what was typed.
    await page.getByLabel('Email').fill('priya@');
    await page.getByRole('button', { name: 'Add client' }).click();
    await modal(page).getByText('Enter the client’s name.').waitFor();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('priya@');
    // The first invalid field gets the focus.
    await waitForFocus(page, 'Name');
    await expectNoSeriousA11yViolations(page);
    await page.waitForTimeout(300);
    await screenshot(page, 'clients-modal-errors-1280');

    await page.getByLabel('Name').fill('Priya Shah');
    await page.getByLabel('Email').fill('priya@gym.test');
    await page.getByLabel('Phone').fill('+44 7700 900123');
    await page.getByLabel('Notes').fill('Training for a 10k in spring.');
    await page.getByRole('button', { name: 'Add client' }).click();

    await modal(page).waitFor({ state: 'hidden' });
    await page.locator('#flash').getByText('Priya Shah added.').waitFor();
    await list(page).getByRole('link', { name: 'Priya Shah', exact: true }).waitFor();
    await list(page).getByText('priya@gym.test').waitFor();
    expect(page.url()).toBe(`${env.t.baseUrl}/clients`);
    // Chromium logs the deliberate 422 above as a failed resource; nothing else may appear.
    expect(page.consoleErrors.filter((message) => !message.includes('status of 422'))).toEqual([]);
    await page.close();
  });

  it('narrows the list as you type, keeps the search in the address bar, and filters by status', async () => {
    const { page, trainer } = await signedInPage();
    await createClient(env.t, trainer.actor, { name: 'Priya Shah', email: 'priya@gym.test' });
    await createClient(env.t, trainer.actor, { name: 'Tom Jones', email: 'tom@mail.test' });
    const archived = await createClient(env.t, trainer.actor, { name: 'Olive Archer', email: 'olive@old.test' });
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window);
    await expect(list(page).getByRole('row').count()).resolves.toBe(4);

    await page.getByRole('searchbox', { name: 'Search clients' }).pressSequentially('pri', { delay: 40 });
    await list(page).getByText('Tom Jones').waitFor({ state: 'detached' });
    await list(page).getByRole('link', { name: 'Priya Shah', exact: true }).waitFor();
    await page.waitForURL(`${env.t.baseUrl}/clients?q=pri`);
    // Still typing into the same box: the search field was never replaced.
    await expect(
      page.getByRole('searchbox', { name: 'Search clients' }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);

    await page.getByRole('searchbox', { name: 'Search clients' }).fill('nobody here');
    await list(page).getByText('No clients match “nobody here”').waitFor();

    await page.getByRole('searchbox', { name: 'Search clients' }).fill('');
    await list(page).getByText('Tom Jones').waitFor();

    // Archive Olive from the list: the row leaves the active list.
    await list(page).getByLabel('More actions for Olive Archer').click();
    await list(page).getByRole('button', { name: 'Archive Olive Archer' }).click();
    await list(page).getByText('Olive Archer').waitFor({ state: 'detached' });
    await page.locator('#flash').getByText('Olive Archer archived.').waitFor();

    await page.getByText('Archived', { exact: true }).click();
    await list(page).getByRole('link', { name: 'Olive Archer', exact: true }).waitFor();
    await expect(list(page).getByText('Tom Jones').count()).resolves.toBe(0);
    await page.waitForURL(`${env.t.baseUrl}/clients?status=archived`);
    expect(archived.id).toBeTruthy();
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('edits a client in the modal and the row updates in place', async () => {
    const { page, trainer } = await signedInPage();
    const client = await createClient(env.t, trainer.actor, { name: 'Jo March', email: 'jo@march.test' });
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    // Mark the page so a full reload would show.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    await list(page).getByRole('link', { name: 'Edit Jo March' }).click();
    await modal(page).getByRole('heading', { name: 'Edit Jo March' }).waitFor();
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Jo March');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('Name').fill('Josephine March');
    await page.getByRole('button', { name: 'Save changes' }).click();

    await modal(page).waitFor({ state: 'hidden' });
    await page.locator(`#client-${client.id}`).getByRole('link', { name: 'Josephine March', exact: true }).waitFor();
    await page.locator('#flash').getByText('Saved changes to Josephine March.').waitFor();
    await expect(page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(true);
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('deletes a client after confirming in the modal, and offers archive for one with history', async () => {
    const { page, trainer } = await signedInPage();
    const brief = await createClient(env.t, trainer.actor, { name: 'Brief Visit' });
    const regular = await createClient(env.t, trainer.actor, { name: 'Regular Rae' });
    await insertBookings(trainer.actor, regular.id, [{ start: daysFromNow(-3), status: 'completed' }]);
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');

    await list(page).getByLabel('More actions for Brief Visit').click();
    await list(page).getByRole('link', { name: 'Delete Brief Visit' }).click();
    await modal(page).getByRole('heading', { name: 'Delete Brief Visit?' }).waitFor();
    await modal(page).getByText('can’t be undone').waitFor();
    await expectNoSeriousA11yViolations(page);
    await modal(page).getByRole('button', { name: 'Delete Brief Visit' }).click();
    await modal(page).waitFor({ state: 'hidden' });
    await page.locator(`#client-${brief.id}`).waitFor({ state: 'detached' });
    await page.locator('#flash').getByText('Brief Visit deleted.').waitFor();

    await list(page).getByLabel('More actions for Regular Rae').click();
    await list(page).getByRole('link', { name: 'Delete Regular Rae' }).click();
    await modal(page).getByRole('heading', { name: 'Archive Regular Rae instead?' }).waitFor();
    await modal(page).getByText('1 session on record').waitFor();
    await modal(page).getByRole('button', { name: 'Archive Regular Rae' }).click();
    await modal(page).waitFor({ state: 'hidden' });
    await page.locator(`#client-${regular.id}`).waitFor({ state: 'detached' });
    await list(page).getByText('No clients yet').waitFor();
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('re-reads the client page when a session is booked from it (bookingsChanged)', async () => {
    const { page, trainer } = await signedInPage();
    const client = await createClient(env.t, trainer.actor, { name: 'Fresh Start' });
    await page.goto(`${env.t.baseUrl}/clients/${client.id}`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    await page.getByText('Nothing booked yet.').waitFor();
    await page.getByRole('link', { name: 'Book a session' }).first().waitFor();
    // What the bookings modal does on success: the session exists, then the event fires.
    await insertBookings(trainer.actor, client.id, [{ start: daysFromNow(3, 10), status: 'pending' }]);
    await page.evaluate(() => document.body.dispatchEvent(new CustomEvent('bookingsChanged', { bubbles: true })));
    await page.locator('#client-detail').getByText('Pending', { exact: true }).waitFor();
    await expect(page.getByText('Nothing booked yet.').count()).resolves.toBe(0);
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });

  it('closes the modal with Escape and gives focus back to the button that opened it', async () => {
    const { page } = await signedInPage();
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    const opener = page.getByRole('link', { name: 'New client' }).first();
    await opener.click();
    await modal(page).getByRole('heading', { name: 'New client' }).waitFor();
    await page.keyboard.press('Escape');
    await modal(page).waitFor({ state: 'hidden' });
    await expect(opener.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.close();
  });

  it('looks right on the list and the client page at desktop and phone widths', async () => {
    const { page, trainer } = await signedInPage();
    const notes = 'Prefers early mornings.\nLeft knee: no deep lunges.';
    const star = await createClient(env.t, trainer.actor, { name: 'Priya Shah', email: 'priya@example.com', notes });
    const regular = await createClient(env.t, trainer.actor, { name: 'Tom Jones', email: 'tom@example.com', notes });
    for (const name of ['Alexandra Montgomery-Fitzgerald', 'Li Wei', 'Sam Taylor', 'Dana Scully']) {
      await createClient(env.t, trainer.actor, {
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}@example.com`,
        notes,
      });
    }
    await insertBookings(trainer.actor, star.id, [
      { start: daysFromNow(-21, 8), status: 'completed' },
      { start: daysFromNow(-14, 8), status: 'completed' },
      { start: daysFromNow(-10, 8), status: 'no_show' },
      { start: daysFromNow(-7, 8), status: 'cancelled', priceMinor: null },
      { start: daysFromNow(-3, 8), status: 'completed' },
      { start: daysFromNow(2, 8), status: 'confirmed' },
      { start: daysFromNow(5, 17), status: 'pending', minutes: 45 },
    ]);
    await insertBookings(trainer.actor, regular.id, [{ start: daysFromNow(-2, 12), status: 'completed' }]);
    const ten = await createPackage(env.t, trainer.actor, { name: '10 sessions', sessionCount: 10 });
    await sellPackage(env.t, trainer.actor, star.id, { packageId: ten.id });
    await sellPackage(env.t, trainer.actor, regular.id, {
      packageId: (await createPackage(env.t, trainer.actor, { name: '5 sessions', sessionCount: 5 })).id,
    });
    for (const [label, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await page.goto(`${env.t.baseUrl}/clients`);
      await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
      await expectNoSeriousA11yViolations(page);
      expect({ label, overflow: await horizontalOverflow(page) }).toEqual({ label, overflow: 0 });
      await screenshot(page, `clients-list-${size.width}`);

      // The rarely used actions sit in the row's menu, which opens fully inside the window.
      await page.getByLabel('More actions for Tom Jones').click();
      const remove = page.getByRole('link', { name: 'Delete Tom Jones' });
      await remove.waitFor();
      const box = await remove.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= size.width).toBe(true);
      await viewportShot(page, `clients-list-menu-${size.width}`);
      await page.keyboard.press('Escape');

      // Sorting by credits is a plain link: most credits first, then the header says so.
      await page
        .getByRole('link', { name: /^Credits/ })
        .first()
        .click();
      await page.waitForURL(/sort=credits&dir=desc/);
      await expect(page.locator('#clients-list tbody tr a.font-semibold').first().textContent()).resolves.toBe(
        'Priya Shah',
      );
      if (size.width > 640)
        await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain('Credits');

      await page.getByRole('link', { name: 'New client' }).first().click();
      await modal(page).getByRole('heading', { name: 'New client' }).waitFor();
      await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
      await viewportShot(page, `clients-modal-${size.width}`);
      await page.keyboard.press('Escape');
      await modal(page).waitFor({ state: 'hidden' });

      await page.goto(`${env.t.baseUrl}/clients/${star.id}`);
      await page.getByRole('heading', { name: 'Priya Shah', level: 1 }).waitFor();
      await expectNoSeriousA11yViolations(page);
      expect({ label, overflow: await horizontalOverflow(page) }).toEqual({ label, overflow: 0 });
      await screenshot(page, `clients-detail-${size.width}`);
    }
    expect(page.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('Clients in Chromium without JavaScript', () => {
  const env = useBrowserApp({ javaScriptEnabled: false });

  it('creates, searches, archives and deletes with plain pages and forms', async () => {
    const trainer = await createTrainer(env.t, { name: 'Plain Pat' });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients`);

    await page.getByRole('link', { name: 'Add your first client' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients/create-form`);
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByText('Enter the client’s name.').waitFor();
    await page.getByLabel('Name').fill('Nora No-Script');
    await page.getByLabel('Phone').fill('020 7946 0018');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients`);
    await page.getByText('Nora No-Script added.').waitFor();
    await page.getByRole('link', { name: 'Nora No-Script', exact: true }).waitFor();
    await screenshot(page, 'clients-list-1280-no-js');

    await page.getByRole('searchbox', { name: 'Search clients' }).fill('zzz');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients?q=zzz&status=active`);
    await page.getByText('No clients match “zzz”').waitFor();

    await page.goto(`${env.t.baseUrl}/clients`);
    await page.getByRole('link', { name: 'Nora No-Script', exact: true }).click();
    await page.getByRole('heading', { name: 'Nora No-Script', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByText('Nora No-Script archived.').waitFor();
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete Nora No-Script' }).click();
    await page.waitForURL(`${env.t.baseUrl}/clients`);
    await page.getByText('Nora No-Script deleted.').waitFor();
    await page.close();
  });
});
