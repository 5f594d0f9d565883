import { beforeAll, describe, expect, it } from '@jest/globals';
import { AnalyticsSeed, rebuildRollups } from '../../factories/analytics.factory.js';
import { createTenantPair, type TenantPair } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
const MARCH = 'from=2026-03-01&to=2026-03-31';

/** Today in London as "YYYY-MM-DD", read straight from Intl (en-CA writes ISO dates). */
function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

/** Attribute values as the browser reads them (Handlebars writes & and = as entities). */
function decoded(html: string): string {
  return html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
}

function inputValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" type="date" value="([^"]*)"`).exec(html)?.[1];
}

describe('/analytics (web)', () => {
  const t = useTestApp();
  let pair: TenantPair;
  const get = (path: string) => pair.owner.web.agent.get(path);

  beforeAll(async () => {
    pair = await createTenantPair(t);
    const seed = await AnalyticsSeed.open(pair.owner.actor.trainerId as string);
    try {
      const names = [
        '=HYPERLINK("http://evil.test","click")',
        '@SUM(1+1)',
        '-2+3 Ελένη',
        'Siobhán O’Brien, Dublin',
        '李小龍',
      ];
      for (const [i, name] of names.entries()) {
        const client = await seed.client(name, '2026-02-01T10:00:00Z');
        await seed.booking(client, `2026-03-${String(2 + i).padStart(2, '0')}T09:00:00Z`, 'completed');
        await seed.payment(client, 4500 + i * 100, `2026-03-${String(2 + i).padStart(2, '0')}T10:00:00Z`);
      }
    } finally {
      await seed.close();
    }
    await rebuildRollups(t, pair.owner.actor.trainerId as string, '2026-01-01', '2026-04-30');
    const other = await AnalyticsSeed.open(pair.intruder.actor.trainerId as string);
    try {
      const client = await other.client('Intruder’s Łukasz', '2026-02-01T10:00:00Z');
      await other.booking(client, '2026-03-10T09:00:00Z', 'completed');
      await other.payment(client, 999_900, '2026-03-10T10:00:00Z');
    } finally {
      await other.close();
    }
    await rebuildRollups(t, pair.intruder.actor.trainerId as string, '2026-01-01', '2026-04-30');
  });

  it('shows the page in the app shell, this month by default', async () => {
    const res = await get('/analytics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers.vary).toMatch(/HX-Request/);
    expect(res.text).toContain('<html');
    expect(res.text).not.toContain('Coming soon');
    expect(res.text).toMatch(/<a href="\/analytics" class="nav-link" aria-current="page">/);
    const today = londonToday();
    expect(inputValue(res.text, 'from')).toBe(`${today.slice(0, 7)}-01`);
    expect(inputValue(res.text, 'to')).toBe(today);
    expect(res.text).toMatch(/id="analytics-preset-this-month"[^>]*aria-current="true"/);
  });

  it('answers the #analytics fragment when htmx asks for it', async () => {
    const res = await get(`/analytics?${MARCH}`).set(PARTIAL).expect(200);
    expect(res.headers.vary).toMatch(/HX-Request/);
    expect(res.text).not.toContain('<html');
    expect(res.text.trimStart().startsWith('<div id="analytics"')).toBe(true);
  });

  it('resolves each preset from the trainer’s today, and keeps it relative in its links', async () => {
    const today = londonToday();
    const [year, month] = today.split('-').map(Number) as [number, number];
    const lastMonthEnd = new Date(Date.UTC(year, month - 1, 0)).toISOString().slice(0, 10);
    const ninetyBack = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    const expected: Record<string, [string, string]> = {
      'last-month': [`${lastMonthEnd.slice(0, 7)}-01`, lastMonthEnd],
      'last-90-days': [ninetyBack, today],
      'year-to-date': [`${year}-01-01`, today],
    };
    for (const [preset, [from, to]] of Object.entries(expected)) {
      const res = await get(`/analytics?preset=${preset}`).expect(200);
      expect({ preset, from: inputValue(res.text, 'from'), to: inputValue(res.text, 'to') }).toEqual({
        preset,
        from,
        to,
      });
      expect(decoded(res.text)).toContain(`href="/analytics?preset=${preset}&granularity=month"`);
    }
  });

  it('shows a custom range with its figures, by week', async () => {
    const res = await get(`/analytics?${MARCH}&granularity=week`).expect(200);
    expect(res.text).toContain('1 Mar – 31 Mar 2026');
    expect(res.text).toContain('31 days, compared with 29 Jan – 28 Feb 2026');
    expect(res.text).toContain('£235.00'); // 45.00 + 46.00 + 47.00 + 48.00 + 49.00
    expect(res.text).toMatch(/id="analytics-granularity-week"[^>]*aria-current="true"/);
    expect(res.text).toContain('2–8 Mar');
    expect(res.text).toContain('Siobhán O’Brien, Dublin');
    // User text is escaped, never markup.
    expect(res.text).toContain('&#x3D;HYPERLINK(&quot;http://evil.test&quot;,&quot;click&quot;)');
    expect(res.text).not.toContain('Intruder’s Łukasz');
    expect(res.text).not.toContain('£9,999.00');
  });

  it.each([
    [
      'a start after the end',
      'from=2026-03-31&to=2026-03-01',
      'to',
      'The end date must be on or after the start date.',
    ],
    ['an impossible date', 'from=2026-02-30&to=2026-03-31', 'from', 'Use a real date, like 2026-03-01.'],
    ['a range over three years', 'from=2020-01-01&to=2026-01-01', 'to', 'A range can cover at most 3 years'],
    ['an unknown granularity', `${MARCH}&granularity=fortnight`, 'granularity', 'Choose day, week or month.'],
  ])('re-renders the picker with a field error for %s (422, not 500)', async (_label, query, field, message) => {
    for (const headers of [{}, PARTIAL]) {
      const res = await get(`/analytics?${query}`).set(headers);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`id="analytics-${field}-errors"`);
      expect(res.text).toContain('Fix the dates above to see your figures.');
      expect(res.text).not.toMatch(/Something went wrong/);
    }
    if (field !== 'granularity') {
      const res = await get(`/analytics?${query}`);
      expect(res.text).toMatch(new RegExp(`id="analytics-${field}"[^>]*autofocus[^>]*aria-invalid="true"`));
    }
  });

  it('keeps what was typed after an error', async () => {
    const res = await get('/analytics?from=2026-03-31&to=2026-03-01');
    expect(inputValue(res.text, 'from')).toBe('2026-03-31');
    expect(inputValue(res.text, 'to')).toBe('2026-03-01');
  });

  it('exports a table as UTF-8 CSV with a BOM and an ASCII filename', async () => {
    const res = await get(`/analytics/export/revenue.csv?${MARCH}&granularity=week`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="trainerhub-revenue-2026-03-01-to-2026-03-31.csv"',
    );
    expect(res.text.startsWith('\ufeffStart,End,Revenue (GBP),')).toBe(true);
    expect(res.text).toContain('\r\n2026-03-02,2026-03-08,235,2026-01-30,2026-02-05,0,\r\n');
  });

  it('escapes client names against formula injection and quotes them properly', async () => {
    const res = await get(`/analytics/export/top-clients-sessions.csv?${MARCH}`).buffer(true);
    expect(res.status).toBe(200);
    const lines = res.text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('Rank,Client,Sessions completed,Revenue (GBP)');
    const cells = lines.slice(1).map((line) => line.split(',')[1]);
    // Ties on sessions go to revenue: the formula-named client paid least, so comes last.
    expect(lines).toContain(`5,"'=HYPERLINK(""http://evil.test"",""click"")",1,45`);
    expect(res.text).toContain(",'@SUM(1+1),1,46\r\n");
    expect(res.text).toContain(",'-2+3 Ελένη,1,47\r\n");
    expect(res.text).toContain(',"Siobhán O’Brien, Dublin",1,48\r\n');
    expect(res.text).toContain(',李小龍,1,49\r\n');
    expect(cells.every((cell) => cell === undefined || !/^[=+\-@\t\r]/.test(cell))).toBe(true);
    expect(res.text).not.toContain('Intruder');
  });

  it('exports every table of the page', async () => {
    for (const table of [
      'sessions',
      'busiest-hours',
      'top-clients-revenue',
      'package-sales',
      'credit-liability',
      'retention',
    ]) {
      const res = await get(`/analytics/export/${table}.csv?${MARCH}`).buffer(true);
      expect({ table, status: res.status, type: res.headers['content-type'] }).toEqual({
        table,
        status: 200,
        type: 'text/csv; charset=utf-8',
      });
      expect(res.text.startsWith('\ufeff')).toBe(true);
    }
    const hours = await get(`/analytics/export/busiest-hours.csv?${MARCH}`).buffer(true);
    expect(hours.text).toContain('\r\nMonday,0,0,0,0,0,0,0,0,0,1,');
  });

  it('answers 404 for an unknown table and 422 for a bad range on an export', async () => {
    expect((await get(`/analytics/export/passwords.csv?${MARCH}`)).status).toBe(404);
    expect((await get(`/analytics/export/revenue.json?${MARCH}`)).status).toBe(404);
    expect((await get('/analytics/export/revenue.csv?from=2026-04-01&to=2026-03-01')).status).toBe(422);
  });

  it('sends anonymous visitors to log in, and never takes a bearer token', async () => {
    const anonymous = new WebAgent(t);
    for (const path of ['/analytics', `/analytics/export/revenue.csv?${MARCH}`]) {
      const res = await anonymous.agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 303 });
      expect(res.headers.location).toMatch(/^\/login/);
    }
    const bearer = await t
      .http()
      .get('/analytics')
      .set({ authorization: `Bearer ${pair.owner.tokens.accessToken}` });
    expect(bearer.status).toBe(303);
  });
});
