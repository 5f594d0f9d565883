import { describe, expect, it } from '@jest/globals';
import { createTrainer, uniqueEmail } from '../../factories/accounts.factory.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
/** Not ISO 4217: malformed ("G1P", "gb"), made up ("XYZ", "ABC"), withdrawn ("IEP", "DEM"), or not text at all. */
const BAD_CURRENCIES = ['G1P', 'XYZ', 'IEP', 'DEM', 'gb', 'GBPX', '€', '💷💷💷', '1234'];
const BAD_TIME_ZONES = ['Nowhere/Land', 'Europe/Londn', 'GMT+25', '../../etc/passwd', 'Ελλάδα/Αθήνα'];

describe('Currency and time zone validation', () => {
  const t = useTestApp();

  async function signedIn() {
    const trainer = await createTrainer(t);
    const web = new WebAgent(t);
    await web.login(trainer.email, trainer.password);
    return { trainer, web, token: await web.csrf('/settings') };
  }

  describe('POST /settings/profile', () => {
    it.each(BAD_CURRENCIES)(
      're-renders the form with a currency field error (422) for %p, changing nothing',
      async (currency) => {
        const { trainer, web } = await signedIn();
        const res = await web.post('/settings/profile', {
          name: 'Alex Morgan',
          businessName: 'Harbour Gym',
          timeZone: 'Europe/London',
          currency,
        });
        expect(res.status).toBe(422);
        expect(res.text).toContain('id="settings-profile"');
        expect(res.text).toContain('Choose a currency from the list.');
        const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
        const me = await t.http().get('/api/v1/trainer').set(bearer(accessToken)).expect(200);
        expect(me.body).toMatchObject({ currency: 'GBP', businessName: 'Alex Morgan Training' });
      },
    );

    it('answers htmx with the section fragment and both field errors', async () => {
      const { web, token } = await signedIn();
      const res = await web.agent
        .post('/settings/profile')
        .set({ ...PARTIAL, 'x-csrf-token': token })
        .type('form')
        .send({ name: 'Alex Morgan', businessName: 'Harbour Gym', timeZone: 'Nowhere/Land', currency: 'G1P' });
      expect(res.status).toBe(422);
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('Choose a currency from the list.');
      expect(res.text).toContain('Choose a time zone from the list.');
    });

    it.each(BAD_TIME_ZONES)('answers 422 with a time zone field error for %p', async (timeZone) => {
      const { web } = await signedIn();
      const res = await web.post('/settings/profile', {
        name: 'Alex Morgan',
        businessName: 'Harbour Gym',
        timeZone,
        currency: 'GBP',
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Choose a time zone from the list.');
    });

    it('accepts a real code in lower case and an uncommon real currency', async () => {
      const { web } = await signedIn();
      const res = await web.post('/settings/profile', {
        name: 'Alex Morgan',
        businessName: 'Harbour Gym',
        timeZone: 'Asia/Tokyo',
        currency: 'inr',
      });
      expect(res.status).toBe(303);
      const page = await web.agent.get('/settings').expect(200);
      expect(page.text).toMatch(/<option value="INR" selected>/);
    });
  });

  describe('POST /register', () => {
    it.each(BAD_CURRENCIES)(
      're-renders the form with a currency field error (422) for %p and creates no account',
      async (currency) => {
        const web = new WebAgent(t);
        const email = uniqueEmail('bad-currency');
        const res = await web.post(
          '/register',
          { name: 'Sam Lee', email, password: 'kettlebell-swing-99', timeZone: 'Europe/London', currency },
          '/register',
        );
        expect(res.status).toBe(422);
        expect(res.text).toContain('Choose a currency from the list.');
        expect(res.text).toContain('value="Sam Lee"');
        const login = await t.http().post('/api/v1/auth/login').send({ email, password: 'kettlebell-swing-99' });
        expect(login.status).toBe(401);
      },
    );

    it.each(BAD_TIME_ZONES)('answers 422 with a time zone field error for %p', async (timeZone) => {
      const web = new WebAgent(t);
      const res = await web.post(
        '/register',
        { name: 'Sam Lee', email: uniqueEmail(), password: 'kettlebell-swing-99', timeZone, currency: 'GBP' },
        '/register',
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('Choose a time zone from the list.');
    });
  });

  // The API keeps its contract: the service checks every field against the same lists and reports all problems
  // at once (422), so a bad code gets a field error rather than a 500.
  describe('API', () => {
    it.each(BAD_CURRENCIES)(
      'PATCH /api/v1/trainer refuses currency %p with a problem+json field error',
      async (currency) => {
        const trainer = await createTrainer(t);
        const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
        const res = await t.http().patch('/api/v1/trainer').set(bearer(accessToken)).send({ currency });
        // A code of the wrong length fails the DTO (400); a well-formed code that is not ISO 4217 fails the service (422).
        expect(res.status).toBe([...currency].length === 3 ? 422 : 400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(Object.keys(res.body.errors)).toEqual(['currency']);
      },
    );

    it.each(BAD_TIME_ZONES)('PATCH /api/v1/trainer refuses time zone %p with a field error', async (timeZone) => {
      const trainer = await createTrainer(t);
      const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
      const res = await t.http().patch('/api/v1/trainer').set(bearer(accessToken)).send({ timeZone });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Object.keys(res.body.errors)).toEqual(['timeZone']);
    });

    it('POST /api/v1/auth/register refuses a bad currency and time zone with field errors', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          email: uniqueEmail('api'),
          password: 'deadlift-dawn-2026',
          name: 'Riley Api',
          timeZone: 'Mars/Olympus',
          currency: 'G1P',
        });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Object.keys(res.body.errors).sort()).toEqual(['currency', 'timeZone']);
    });
  });
});
