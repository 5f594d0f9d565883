import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { insertStudio } from '../../factories/dashboard.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const FRAGMENT = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
/** What htmx sends for a boosted link or the log-in redirect: an htmx request for the whole page. */
const BOOSTED = { 'HX-Request': 'true', 'HX-Request-Type': 'full', 'HX-Boosted': 'true' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SECTIONS = [
  { url: '/dashboard/stats', id: 'dashboard-stats', shows: 'Revenue this month' },
  { url: '/dashboard/bookings-upcoming', id: 'dashboard-upcoming', shows: 'Ελένη Παπαδοπούλου' },
  { url: '/dashboard/clients-recent', id: 'dashboard-clients', shows: 'Łukasz Nowak' },
  { url: '/dashboard/revenue-chart', id: 'dashboard-revenue', shows: 'data-revenue-chart' },
] as const;

/** A studio with a past, a today and an upcoming week, relative to the real clock (the page reads "now"). */
async function seedStudio(trainer: TrainerFixture, names: { a: string; b: string }): Promise<void> {
  const now = Date.now();
  await insertStudio(trainer.actor, {
    hours: true,
    clients: [
      { key: 'a', name: names.a, createdAt: new Date(now - 200 * DAY) },
      { key: 'b', name: names.b, createdAt: new Date(now - 2 * DAY) },
    ],
    purchases: [
      { key: 'pa', client: 'a', granted: 10, remaining: 2, priceMinor: 50_000, expiresAt: new Date(now + 5 * DAY) },
    ],
    sessions: [
      { client: 'a', start: new Date(now - 10 * DAY), status: 'completed', purchase: 'pa' },
      { client: 'b', start: new Date(now - 40 * DAY), status: 'completed' },
      { client: 'a', start: new Date(now + 2 * HOUR), status: 'pending' },
      { client: 'b', start: new Date(now + 2 * DAY), status: 'confirmed' },
    ],
    payments: [
      { client: 'a', amountMinor: 50_000, paidAt: new Date(now - 30 * DAY) },
      { client: 'b', amountMinor: 4_500, paidAt: new Date(now - 60_000) },
    ],
  });
}

describe('DashboardWebController', () => {
  const t = useTestApp();
  let owner: WebAgent;
  let other: WebAgent;
  let newcomer: WebAgent;

  beforeAll(async () => {
    const make = async (name: string) => {
      const trainer = await createTrainer(t, { name });
      const web = new WebAgent(t);
      expect((await web.login(trainer.email, trainer.password)).status).toBe(303);
      return { trainer, web };
    };
    const a = await make('Siobhán O’Brien');
    const b = await make('Intruder Ivers');
    const c = await make('Newcomer Nakamura');
    await seedStudio(a.trainer, { a: 'Ελένη Παπαδοπούλου', b: 'Łukasz Nowak' });
    await seedStudio(b.trainer, { a: 'Hidden Hannelore', b: 'Secret Søren' });
    owner = a.web;
    other = b.web;
    newcomer = c.web;
  });

  describe('anonymous visitors', () => {
    it.each(['/dashboard', ...SECTIONS.map((s) => s.url), '/dashboard/getting-started'])(
      'sends %s to the log-in page',
      async (url) => {
        const res = await t.http().get(url).expect(303);
        expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
      },
    );

    it.each(SECTIONS.map((s) => s.url))('never answers %s with the section to htmx', async (url) => {
      const res = await t.http().get(url).set(FRAGMENT);
      expect(res.text).not.toContain('dashboard-');
      expect(`${res.headers['hx-location'] ?? ''}${res.headers['hx-redirect'] ?? ''}`).toContain('/login');
    });
  });

  describe('the page', () => {
    it('renders the four sections inline for a plain request (the no-JavaScript page)', async () => {
      const res = await owner.agent.get('/dashboard').expect(200);
      expect(res.headers.vary).toContain('HX-Request');
      for (const section of SECTIONS) {
        expect(res.text).toContain(`id="${section.id}"`);
        expect(res.text).toContain(section.shows);
      }
      expect(res.text).not.toContain('data-skeleton');
      expect(res.text).not.toContain('hx-trigger="load"');
      // The primary action opens the booking modal (or, without JavaScript, its page).
      expect(res.text).toMatch(/href="\/bookings\/create-form" hx-get="\/bookings\/create-form"/);
    });

    it('answers htmx navigation with skeletons that load each section from its own URL', async () => {
      const res = await owner.agent.get('/dashboard').set(BOOSTED).expect(200);
      expect(res.text).toContain('<html');
      for (const section of SECTIONS) {
        expect(res.text).toMatch(
          new RegExp(`<section id="${section.id}"[^>]*hx-get="${section.url}"[^>]*hx-trigger="load"`),
        );
      }
      expect(res.text.match(/data-skeleton/g)).toHaveLength(4);
      expect(res.text).not.toContain('Ελένη Παπαδοπούλου');
    });

    it('shows a brand-new trainer the getting-started checklist, not empty widgets', async () => {
      const res = await newcomer.agent.get('/dashboard').expect(200);
      expect(res.text).toContain('Set up your studio in four steps');
      for (const step of ['Set your working hours', 'Add your first client', 'Create a package', 'Book a session']) {
        expect(res.text).toContain(step);
      }
      expect(res.text).toContain('0 of 4 done');
      expect(res.text).not.toContain('id="dashboard-stats"');
      expect(res.text.replaceAll('&#x3D;', '=')).toContain('hx-get="/dashboard/getting-started?view=welcome"');
    });

    it('keeps the chart period from the address for the page without JavaScript', async () => {
      const res = await owner.agent.get('/dashboard?period=months').expect(200);
      expect(res.text).toContain('Revenue by month, the last 12 months');
    });
  });

  describe.each(SECTIONS)('$url', (section) => {
    it('answers htmx with the section alone', async () => {
      const res = await owner.agent.get(section.url).set(FRAGMENT).expect(200);
      expect(res.headers.vary).toContain('HX-Request');
      expect(res.text).not.toContain('<html');
      expect(res.text.trimStart()).toMatch(new RegExp(`^<section id="${section.id}"`));
      expect(res.text).toContain(section.shows);
      // A refreshed section listens for changes but never reloads itself on load (that would loop).
      expect(res.text).not.toContain('hx-trigger="load"');
      expect(res.text).toMatch(/hx-trigger="[^"]*Changed from:body/);
    });

    it('is a page of its own without htmx', async () => {
      const res = await owner.agent.get(section.url).expect(200);
      expect(res.headers.vary).toContain('HX-Request');
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Back to the dashboard');
      expect(res.text).toContain(`id="${section.id}"`);
    });

    it('never shows another trainer’s clients', async () => {
      for (const res of [
        await other.agent.get(section.url).set(FRAGMENT).expect(200),
        await other.agent.get(section.url).expect(200),
      ]) {
        expect(res.text).not.toContain('Ελένη Παπαδοπούλου');
        expect(res.text).not.toContain('Łukasz Nowak');
      }
      const mine = await owner.agent.get(section.url).expect(200);
      expect(mine.text).not.toContain('Hidden Hannelore');
      expect(mine.text).not.toContain('Secret Søren');
    });
  });

  describe('sections', () => {
    it('lists today’s and the week’s sessions with the actions valid now', async () => {
      const res = await owner.agent.get('/dashboard/bookings-upcoming').set(FRAGMENT).expect(200);
      expect(res.text).toContain('2 sessions in the next 7 days');
      // The pending session can be confirmed; neither can be completed before it starts.
      expect(res.text).toMatch(/hx-post="\/bookings\/[0-9a-f-]+\/confirm"/);
      expect(res.text).not.toMatch(/hx-post="\/bookings\/[0-9a-f-]+\/complete"/);
      expect(res.text).toContain('id="bookings-actions"');
      expect(res.text).toContain('/assets/js/dashboard-live.js');
    });

    it('flags the client whose credits expire soon', async () => {
      const res = await owner.agent.get('/dashboard/clients-recent').set(FRAGMENT).expect(200);
      expect(res.text).toContain('2 credits expire');
      expect(res.text).toContain('Book a session with Ελένη Παπαδοπούλου');
    });

    it('switches the chart to months and falls back to weeks for anything else', async () => {
      const months = await owner.agent.get('/dashboard/revenue-chart?period=months').set(FRAGMENT).expect(200);
      // Handlebars writes "=" in attributes as &#x3D;, which the browser reads back as "=".
      expect(months.text.replaceAll('&#x3D;', '=')).toContain('hx-get="/dashboard/revenue-chart?period=months"');
      expect(months.text).toContain('<th scope="col" class="py-2 pr-3 font-semibold">Month</th>');
      const odd = await owner.agent.get('/dashboard/revenue-chart?period=%3Cscript%3E').set(FRAGMENT).expect(200);
      expect(odd.text).toContain('Revenue by week, the last 12 weeks');
      expect(odd.text).not.toContain('<script>');
    });

    it('serves Chart.js and the dashboard scripts from local assets', async () => {
      for (const src of [
        '/assets/vendor/chartjs/chart.umd.min.js',
        '/assets/js/dashboard-chart.js',
        '/assets/js/dashboard-live.js',
      ]) {
        await t.http().get(src).expect(200);
      }
    });
  });

  describe('/dashboard/getting-started', () => {
    it('is the checklist as a page', async () => {
      const res = await newcomer.agent.get('/dashboard/getting-started').expect(200);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Finish setting up');
    });

    it('turns the welcome body into the live dashboard once a session exists', async () => {
      const trainer = await createTrainer(t, { name: 'Amara Okafor' });
      const web = new WebAgent(t);
      await web.login(trainer.email, trainer.password);
      const before = await web.agent.get('/dashboard/getting-started?view=welcome').set(FRAGMENT).expect(200);
      expect(before.text).toContain('Set up your studio in four steps');
      await insertStudio(trainer.actor, {
        clients: [{ key: 'a', name: 'Zoë Ngata', createdAt: new Date() }],
        sessions: [{ client: 'a', start: new Date(Date.now() + DAY), status: 'confirmed' }],
      });
      const after = await web.agent.get('/dashboard/getting-started?view=welcome').set(FRAGMENT).expect(200);
      expect(after.text.trimStart()).toMatch(/^<div id="dashboard-body"/);
      expect(after.text).toContain('hx-get="/dashboard/stats" hx-trigger="load"');
      // Hours and a package are still to do: the setup card stays above the widgets.
      expect(after.text).toContain('id="dashboard-setup"');
      expect(after.text).toContain('2 of 4 done');
    });
  });
});
