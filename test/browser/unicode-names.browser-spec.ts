import { describe, expect, it } from '@jest/globals';
import { createTrainer } from '../factories/accounts.factory.js';
import { rawClient } from '../helpers/database.js';
import { useBrowserApp } from '../helpers/browser.js';
import { signIn } from '../helpers/browser-session.js';

/** A name outside Latin-1 in several scripts at once, with the curly apostrophe phones type. */
const NAME = 'Siobhán O’Brien-Żółć 李 Дмитрий 💪';

describe('A client named in several scripts, in Chromium with JavaScript', () => {
  const env = useBrowserApp();

  it('is created through the htmx modal: the toast shows the exact name, the row appears once, no error', async () => {
    const trainer = await createTrainer(env.t, { name: 'Ελένη Παπαδοπούλου' });
    const page = await env.browser.newPage();
    await signIn(page, env.t.baseUrl, trainer);
    await page.goto(`${env.t.baseUrl}/clients`);
    await page.waitForFunction(() => 'htmx' in window && document.documentElement.dataset.app === 'ready');
    const answers: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/clients/create')) answers.push(response.status());
    });

    await page.getByRole('link', { name: 'New client' }).first().click();
    await page.getByRole('dialog').getByRole('heading', { name: 'New client' }).waitFor();
    await page.getByLabel('Name').fill(NAME);
    await page.getByRole('button', { name: 'Add client' }).click();

    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.locator('#flash').getByText(`${NAME} added.`, { exact: true }).waitFor();
    await page.locator('#clients-list').getByRole('link', { name: NAME, exact: true }).waitFor();
    expect(answers).toHaveLength(1);
    expect(page.consoleErrors).toEqual([]);

    const db = await rawClient();
    try {
      const { rows } = await db.query('select count(*)::int as n from clients where trainer_id = $1 and name = $2', [
        trainer.actor.trainerId,
        NAME,
      ]);
      expect(rows[0]?.n).toBe(1);
    } finally {
      await db.end();
    }
    await page.close();
  });
});
