import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClientEmailsService } from '../../../src/modules/notifications/client-emails.service.js';
import { ClientEmailKind } from '../../../src/modules/notifications/client-emails.types.js';
import { parseCalendarFile, unescapeText } from '../../../src/modules/notifications/calendar-file.js';
import { MailTransport } from '../../../src/modules/notifications/mail-transport.js';
import { WorkerModule } from '../../../src/worker.module.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { ensureMigrated, rawClient } from '../../helpers/database.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import { inContext, type TestApp } from '../../helpers/test-app.js';

/** The same instant the tests' sessions start at: a Thursday in London winter time. */
const START = new Date('2030-12-05T09:00:00Z');
const AT = new Date('2030-12-04T09:00:00Z');

function ics(text: string, name: string): string | undefined {
  return parseCalendarFile(text).find((line) => line.name === name)?.value;
}

/**
 * Client emails in the worker process (no ViewsModule, no controller): rendered from PostgreSQL and sent to a real
 * SMTP server on loopback.
 */
describe(ClientEmailsService.name, () => {
  let worker: INestApplicationContext;
  let t: TestApp;
  let sink: SmtpSink;
  let smtp: MailTransport;
  let emails: ClientEmailsService;
  let trainer: TrainerFixture;

  beforeAll(async () => {
    await ensureMigrated();
    sink = await SmtpSink.start();
    smtp = MailTransport.forSettings({ smtpUrl: sink.url, from: 'TrainerHub <no-reply@trainerhub.test>' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    // The factories only need resolve() and the ORM, which an application context has too.
    t = { app: worker as unknown as NestFastifyApplication, orm: worker.get(MikroORM) } as TestApp;
    emails = worker.get(ClientEmailsService, { strict: false });
    trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
  });
  afterAll(async () => {
    smtp.onModuleDestroy();
    await worker?.close();
    await sink?.close();
  });
  beforeEach(() => {
    sink.clear();
    sink.refuseWith(null);
  });

  let bookings = 0;
  /** A one-hour session at START, then a day later for each further booking (the trainer's sessions never overlap). */
  async function booking(name: string, options: { email?: string | null; version?: number } = {}) {
    const start = new Date(START.getTime() + bookings * 86_400_000);
    bookings += 1;
    const client = await createClient(t, trainer.actor, {
      name,
      email: options.email === undefined ? `client-${Math.random().toString(36).slice(2)}@example.test` : options.email,
    });
    const [id] = await insertBookings(trainer.actor, client.id, [{ start, minutes: 60 }]);
    if (!id) throw new Error('no booking');
    if (options.version) {
      const db = await rawClient();
      await db.query('update bookings set schedule_version = $1 where id = $2', [options.version, id]);
      await db.end();
    }
    return { client, id };
  }

  function reminder(id: string) {
    return inContext(t, async () =>
      emails.render(ClientEmailKind.SessionReminder, await emails.bookingSnapshot(trainer.actor, id, { at: AT })),
    );
  }

  it('delivers a reminder with its local time, calendar file and unsubscribe headers', async () => {
    const { id, client } = await booking('Siobhán O’Brien', { version: 3 });
    const result = await smtp.send(await reminder(id));

    expect(result).toMatchObject({ status: 'sent', error: null, transient: false });
    expect(sink.messages).toHaveLength(1);
    const message = sink.messages[0];
    if (!message) throw new Error('The sink got nothing');
    expect(message.to).toEqual([client.email]);
    expect(message.header('message-id')).toBe(result.messageId);
    expect(message.decodedHeader('subject')).toBe(
      'Reminder: your session with Ελένη Παπαδοπούλου Training, Thu 5 Dec, 09:00 (London time)',
    );
    expect(message.decodedHeader('from')).toContain('Ελένη Παπαδοπούλου Training via TrainerHub');
    expect(message.header('reply-to')).toBe(trainer.email);

    const text = message.part('text/plain')?.body ?? '';
    expect(text).toContain('Hello Siobhán O’Brien,');
    expect(text).toContain('When: Thu 5 Dec, 09:00 (London time)');
    expect(text).toContain('at least 24 hours before');
    const html = message.part('text/html')?.body ?? '';
    expect(html).toContain('Thu 5 Dec, 09:00 (London time)');
    expect(html).toContain('Hello Siobhán O’Brien,');

    const calendar = message.part('text/calendar');
    expect(calendar?.contentType).toContain('method=request');
    expect(ics(calendar?.body ?? '', 'UID')).toBe(`booking-${id}@trainerhub`);
    expect(ics(calendar?.body ?? '', 'SEQUENCE')).toBe('3');
    expect(ics(calendar?.body ?? '', 'METHOD')).toBe('REQUEST');
    expect(ics(calendar?.body ?? '', 'DTSTART')).toBe('20301205T090000Z');
    expect(unescapeText(ics(calendar?.body ?? '', 'SUMMARY') ?? '')).toBe('Session with Ελένη Παπαδοπούλου Training');

    const unsubscribe = message.header('list-unsubscribe');
    expect(unsubscribe).toMatch(/^<http:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_-]{66}>$/);
    expect(message.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(text).toContain(unsubscribe?.slice(1, -1));
  });

  it('sends only ASCII in the raw header lines, whatever the names', async () => {
    const { id } = await booking('李小龍 Łukasz', { version: 1 });
    await smtp.send(await reminder(id));
    const headers = sink.messages[0]?.rawHeaders ?? '';
    expect(headers.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex
    expect(headers).toMatch(/^[\x00-\x7f]*$/);
    expect(sink.messages[0]?.decodedHeader('subject')).toContain('Ελένη Παπαδοπούλου');
  });

  it('escapes a name that looks like markup in the HTML, and keeps it as typed in the text', async () => {
    const { id } = await booking('<b>Ann</b> & "Co"');
    const email = await reminder(id);
    expect(email.html).toContain('&lt;b&gt;Ann&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(email.html).not.toContain('<b>Ann</b>');
    expect(email.text).toContain('Hello <b>Ann</b> & "Co",');
  });

  it('cancels in the calendar with METHOD:CANCEL and a higher SEQUENCE', async () => {
    const { id } = await booking('Łukasz Nowak', { version: 2 });
    const db = await rawClient();
    await db.query(`update bookings set status = 'cancelled', cancelled_at = now() where id = $1`, [id]);
    await db.end();
    const email = await inContext(t, async () =>
      emails.render(ClientEmailKind.BookingCancelled, await emails.bookingSnapshot(trainer.actor, id, { at: AT })),
    );
    await smtp.send(email);
    const calendar = sink.messages[0]?.part('text/calendar');
    expect(calendar?.contentType).toContain('method=cancel');
    expect(ics(calendar?.body ?? '', 'METHOD')).toBe('CANCEL');
    expect(ics(calendar?.body ?? '', 'STATUS')).toBe('CANCELLED');
    expect(Number(ics(calendar?.body ?? '', 'SEQUENCE'))).toBeGreaterThan(2);
    expect(sink.messages[0]?.decodedHeader('subject')).toMatch(/^Cancelled: /);
  });

  it('classifies a 451 refusal as transient', async () => {
    const { id } = await booking('Ελένη');
    sink.refuseWith(451);
    const result = await smtp.send(await reminder(id));
    expect(result.status).toBe('failed');
    expect(result.transient).toBe(true);
    expect(result.error).toContain('451');
    expect(sink.messages).toHaveLength(0);
  });

  it('classifies a 550 refusal as permanent', async () => {
    const { id } = await booking('Ελένη');
    sink.refuseWith(550);
    const result = await smtp.send(await reminder(id));
    expect(result).toMatchObject({ status: 'failed', transient: false });
    expect(result.error).toContain('550');
  });

  it('classifies a server that is not there as transient', async () => {
    const { id } = await booking('Ελένη');
    const closed = await SmtpSink.start();
    const url = closed.url;
    await closed.close();
    const nowhere = MailTransport.forSettings({ smtpUrl: url, from: 'no-reply@trainerhub.test' });
    const result = await nowhere.send(await reminder(id));
    expect(result).toMatchObject({ status: 'failed', transient: true });
  });

  it('writes the message to the log and reports logged when no SMTP_URL is set', async () => {
    const { id } = await booking('Ελένη');
    const result = await emails.send(await reminder(id));
    expect(result.status).toBe('logged');
    expect(result.messageId).toMatch(/^<.+>$/);
    expect(sink.messages).toHaveLength(0);
  });

  it('says why a client gets no email, and refuses to render one', async () => {
    const { id } = await booking('No Mail', { email: null });
    const snapshot = await inContext(t, () => emails.bookingSnapshot(trainer.actor, id, { at: AT }));
    expect(emails.skipReason(snapshot)).toBe('no_email');
    expect(() => emails.render(ClientEmailKind.SessionReminder, snapshot)).toThrow('This client gets no emails.');
    expect(emails.skipReason({ client: { ...snapshot.client, email: 'a@b.test', emailOptOutAt: new Date() } })).toBe(
      'opted_out',
    );
  });

  it('does not read another trainer’s booking', async () => {
    const { id } = await booking('Ελένη');
    const other = await createTrainer(t);
    await expect(inContext(t, () => emails.bookingSnapshot(other.actor, id))).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
