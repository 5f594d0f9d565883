import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { noticeJobId, QueueName } from '../../../src/common/queue/queues.js';
import { SETTINGS_LIMITS } from '../../../src/modules/trainers/trainers.types.js';
import { ensureBuilt } from '../../helpers/app-process.js';
import { type DistProcess, startDistProcess } from '../../helpers/dist-process.js';
import { GatedSmtpSink } from '../../helpers/gated-smtp-sink.js';
import { createPrivateDatabase, type PrivateDatabase } from '../../helpers/private-database.js';
import { PrivateRedis } from '../../helpers/private-redis.js';

/** ensureBuilt() compiles dist/ first when src/ changed, which takes minutes on a small, busy machine. */
const BOOT_AND_BUILD_MS = 300_000;
/** The bound for a worker with a job in hand. */
const EXIT_WITHIN_MS = 10_000;
const PREFIX = 'th-worker-procs';
/**
 * Each trainer's lead times, the shortest the settings allow and two multiples: one booking per lead (each as
 * long as the step, back to back), so every booking has exactly one reminder due within seconds.
 */
const STEP = SETTINGS_LIMITS.reminderMinutes.min;
const LEADS = [STEP, 2 * STEP, 3 * STEP];
const TRAINERS = 4;
/** How long after its booking each of those reminders falls due. */
const DUE_AFTER_MS = 6_000;
const NAMES = ['Siobhán O’Brien', 'Łukasz Wiśniewski', 'Ελένη Παπαδοπούλου', '李小龍', 'Zoë Núñez', 'Дмитрий Орлов'];
/** Zones around the globe; one of them always has a couple of daytime hours ahead. */
const ZONES = [
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls in short steps until the check holds or `ms` pass; answers whether it held. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

function localHour(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
}

/**
 * A zone where it is daytime for the next hour or more. A reminder that fell in quiet hours (21:00–08:00) would be
 * moved earlier, to before its booking was made, and so never planned; the test's reminders must not.
 */
function daytimeZone(now = new Date()): string {
  const zone = ZONES.find((candidate) => localHour(now, candidate) >= 9 && localHour(now, candidate) <= 18);
  if (!zone) throw new Error('no daytime zone found');
  return zone;
}

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`;

async function call<T>(web: DistProcess, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${web.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * The compiled processes as they are deployed, on a private database, a private Redis and a real SMTP sink:
 * two web processes and two workers share them; then a fleet-wide SIGKILL mid-send, and a SIGTERM mid-send.
 * The steps run in order and build on each other (the same processes and trainers throughout).
 */
describe('Worker processes (dist/src/worker.js) with two web processes', () => {
  let db: PrivateDatabase;
  let redis: PrivateRedis;
  let sink: GatedSmtpSink;
  let env: Record<string, string>;
  const webs: DistProcess[] = [];
  const workers: DistProcess[] = [];
  const trainers: Array<{ token: string; web: DistProcess }> = [];

  beforeAll(async () => {
    await ensureBuilt();
    [db, redis, sink] = await Promise.all([createPrivateDatabase(), PrivateRedis.start(), GatedSmtpSink.start()]);
    env = { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: PREFIX, SMTP_URL: sink.url };
    // Each one is tracked as soon as it runs, so afterAll stops it even when another fails to start.
    const start = (kind: 'web' | 'worker') =>
      startDistProcess(kind, { env }).then((started) => (kind === 'web' ? webs : workers).push(started));
    await Promise.all([start('web'), start('web'), start('worker'), start('worker')]);
    const timeZone = daytimeZone();
    for (let n = 0; n < TRAINERS; n += 1) {
      const web = webs[n % 2] as DistProcess;
      const { accessToken } = await call<{ accessToken: string }>(web, 'POST', '/api/v1/auth/register', {
        email: unique(`trainer${n}`),
        password: 'squat-rack-sunrise-42',
        name: NAMES[n % NAMES.length],
        timeZone,
        currency: 'EUR',
      });
      await call(web, 'PATCH', '/api/v1/trainer', { reminderLeadMinutes: LEADS }, accessToken);
      trainers.push({ token: accessToken, web });
    }
  }, BOOT_AND_BUILD_MS);

  afterAll(async () => {
    // Only the PIDs this file started, each SIGTERM then SIGKILL.
    await Promise.all([...workers, ...webs].map((started) => started.stop(5_000)));
    await sink?.close();
    await redis?.stop();
    await db?.drop();
  }, 60_000);

  /** A client with an email of its own (so the sink tells their messages apart) and one session. */
  async function book(
    trainer: number,
    clientVia: DistProcess,
    bookVia: DistProcess,
    startTime: Date,
    name: string,
    email = unique('client'),
  ) {
    const { token } = trainers[trainer] as { token: string };
    const client = await call<{ id: string }>(clientVia, 'POST', '/api/v1/clients', { name, email }, token);
    const booking = await call<{ id: string }>(
      bookVia,
      'POST',
      '/api/v1/bookings',
      { clientId: client.id, startTime: startTime.toISOString(), durationMinutes: STEP },
      token,
    );
    return { bookingId: booking.id, email };
  }

  async function notification(bookingId: string, purpose: string) {
    const rows = await db.query<{ status: string; attempts: number }>(
      `select status, attempts from notifications where booking_id = $1 and purpose = $2`,
      [bookingId, purpose],
    );
    return rows;
  }

  it('sends every confirmation and every due reminder exactly once with 2 web and 2 worker processes', async () => {
    const queue = new Queue(QueueName.Reminders, { connection: { url: redis.url }, prefix: `${PREFIX}:bull` });
    try {
      // Both workers are consuming while the bookings come in.
      expect(await queue.getWorkersCount()).toBe(2);
    } finally {
      await queue.close();
    }
    const booked: Array<{ bookingId: string; email: string; lead: number }> = [];
    for (let n = 0; n < TRAINERS; n += 1) {
      for (const [index, lead] of LEADS.entries()) {
        // The session starts `lead` minutes (plus a few seconds) from now: that lead's reminder is due in seconds,
        // a longer lead's has already passed (not planned), a shorter one's is minutes away (planned, not due here).
        const start = new Date(Date.now() + lead * 60_000 + DUE_AFTER_MS);
        const name = NAMES[(n + index) % NAMES.length] as string;
        const via = (n + index) % 2;
        const made = await book(n, webs[via] as DistProcess, webs[1 - via] as DistProcess, start, name);
        booked.push({ ...made, lead });
      }
    }
    const complete = () =>
      booked.every(({ email }) => {
        const messages = sink.to(email);
        return (
          messages.some((m) => m.subject.startsWith('Reminder:')) && messages.some((m) => /^Booked:/.test(m.subject))
        );
      });
    expect(await eventually(complete, 30_000)).toBe(true);
    // A late copy (a second relay, a duplicate job, a reconcile) would land within a relay tick or two.
    await sleep(2_000);
    for (const { bookingId, email, lead } of booked) {
      const subjects = sink.to(email).map((message) => message.subject.split(':')[0]);
      expect({ email, subjects: subjects.sort() }).toEqual({ email, subjects: ['Booked', 'Reminder'] });
      expect(await notification(bookingId, `reminder:${lead}`)).toEqual([{ status: 'sent', attempts: 1 }]);
      expect(await notification(bookingId, 'booking_confirmed')).toEqual([{ status: 'sent', attempts: 1 }]);
    }
    const ids = sink.messages.map((message) => message.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends exactly one email after every worker is SIGKILLed mid-send and one restarts', async () => {
    const start = new Date(Date.now() + 3 * 24 * 3_600_000);
    const email = unique('killed');
    sink.hold((address) => address === email);
    const { bookingId } = await book(
      0,
      webs[0] as DistProcess,
      webs[1] as DistProcess,
      start,
      'Aoife Ní Bhriain',
      email,
    );
    // Mid-send: a worker has claimed the confirmation and waits on the server's answer to RCPT TO.
    expect(await eventually(() => sink.heldFor(email) === 1)).toBe(true);
    expect(await notification(bookingId, 'booking_confirmed')).toEqual([{ status: 'sending', attempts: 1 }]);

    for (const worker of workers) worker.kill('SIGKILL');
    const exits = await Promise.all(workers.map((worker) => worker.exited));
    expect(exits.map((exit) => exit.signal)).toEqual(['SIGKILL', 'SIGKILL']);
    expect(await eventually(() => sink.heldFor(email) === 0)).toBe(true);
    expect(sink.to(email)).toEqual([]);
    workers.length = 0;

    // The clocks a dead worker's job waits on, moved forward rather than slept through: its BullMQ lock lapses
    // (30 s) and a stalled check has marked it (one runs every 30 s), and its claim is past the takeover age.
    const jobId = noticeJobId(bookingId, 'booking_confirmed', 0);
    const keys = `${PREFIX}:bull:${QueueName.Emails}`;
    await redis.command(async (client) => {
      await client.del(`${keys}:${jobId}:lock`, `${keys}:stalled-check`);
      await client.sadd(`${keys}:stalled`, jobId);
    });
    await db.query(
      `update notifications set updated_at = updated_at - interval '1 hour' where booking_id = $1 and status = 'sending'`,
      [bookingId],
    );
    sink.release();

    workers.push(await startDistProcess('worker', { env }));
    expect(await eventually(() => sink.to(email).length > 0)).toBe(true);
    await sleep(2_000);
    expect(sink.to(email).map((message) => message.subject.split(':')[0])).toEqual(['Booked']);
    expect(await notification(bookingId, 'booking_confirmed')).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('finishes the send in hand on SIGTERM and exits within 10 s', async () => {
    const [worker] = workers as [DistProcess];
    const start = new Date(Date.now() + 4 * 24 * 3_600_000);
    const email = unique('draining');
    sink.hold((address) => address === email);
    const { bookingId } = await book(1, webs[1] as DistProcess, webs[0] as DistProcess, start, 'Ngozi Okonkwo', email);
    expect(await eventually(() => sink.heldFor(email) === 1)).toBe(true);

    worker.kill('SIGTERM');
    // The server answers only a second after the signal: a worker that dropped its job would be gone by then.
    await sleep(1_000);
    const stillRunning = worker.running();
    sink.release();
    // A hang detector, not a timing: a worker still up well past the bound is stopped so the file can finish.
    const hung = setTimeout(() => void worker.stop(1_000), EXIT_WITHIN_MS * 2);
    const exit = await worker.exited;
    clearTimeout(hung);

    expect(stillRunning).toBe(true);
    // On its own, once closed: status 0, or the SIGTERM Nest's shutdown hooks re-raise after closing (status 143).
    // Not the shutdown deadline's exit 1, and not the SIGKILL above.
    expect(exit.code === 0 || (exit.code === null && exit.signal === 'SIGTERM')).toBe(true);
    expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(sink.to(email).map((message) => message.subject.split(':')[0])).toEqual(['Booked']);
    expect(await notification(bookingId, 'booking_confirmed')).toEqual([{ status: 'sent', attempts: 1 }]);
  });
});
