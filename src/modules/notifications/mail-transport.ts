import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport } from 'nodemailer';
import type { Env } from '../../config/env.schema.js';

/** A message ready for the wire. Every value here was made header-safe by the renderer. */
export interface OutgoingEmail {
  to: string;
  /** Shown as the sender's name ("Ελένη Fit via TrainerHub"); the address stays MAIL_FROM's. */
  fromName?: string;
  /** Where the client's reply goes: the trainer, not the no-reply sender. */
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post); ASCII only. */
  headers: Record<string, string>;
  /** The calendar file, sent as a text/calendar alternative with its iTIP method. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
  /**
   * The Message-ID to use ("<…@trainerhub>"). A retry of the same notification should reuse it, so a receiver that
   * did get the first attempt can tell the copies apart.
   */
  messageId?: string;
}

export type SendStatus = 'sent' | 'logged' | 'failed';

export interface SendResult {
  status: SendStatus;
  /** The Message-ID the message went out with (null only when it never got that far). */
  messageId: string | null;
  /** The server's last reply ("250 2.0.0 Ok: queued as …"), the provider's own id for the message. */
  providerResponse: string | null;
  error: string | null;
  /** For failures: whether trying again later can help (4xx, connection trouble) or not (5xx). */
  transient: boolean;
}

export interface MailSettings {
  /** smtp:// or smtps://; none means "write to the log". Query parameters (pool=true, …) go to nodemailer. */
  smtpUrl: string | undefined;
  from: string;
}

/** Network-level trouble: the server may well answer next time. */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EMAXLIMIT',
]);

/**
 * Transient or permanent, by the SMTP reply code when there is one (RFC 5321 §4.2.1: 4yz is "try again",
 * 5yz is "do not repeat as is"), else by the error code: connection trouble is transient, anything else
 * (a bad address, a message nodemailer refuses to build) would fail the same way again.
 */
export function isTransientMailError(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 600) return responseCode < 500;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/** One line, without CR/LF, bounded: it is stored on the notification row and shown to the trainer. */
function describeMailError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const { code, response } = error as { code?: unknown; response?: unknown };
  const text = typeof response === 'string' && response ? response : error.message;
  return `${typeof code === 'string' ? `${code}: ` : ''}${text}`.replace(/[\r\n]+/g, ' ').slice(0, 500);
}

type Mailer = ReturnType<typeof createTransport>;

/**
 * The only place mail leaves TrainerHub. With SMTP_URL it speaks SMTP through nodemailer; without it (development,
 * tests, benchmarks) it writes the recipient, subject and text to the log, reporting `logged`. It never throws for a delivery
 * problem: the result says what happened and whether a retry can help, so the caller records it and decides.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  /** Null without SMTP_URL: nothing is composed then (see send). */
  private readonly mailer: Mailer | null;
  private readonly fromAddress: string;

  constructor(config: ConfigService<Env, true>) {
    const settings = {
      smtpUrl: config.get('SMTP_URL', { infer: true }),
      from: config.get('MAIL_FROM', { infer: true }),
    };
    // "TrainerHub <no-reply@…>" or a bare address: only the address is kept, each email brings its own name.
    this.fromAddress = /<([^<>\s]+)>/.exec(settings.from)?.[1] ?? settings.from.trim();
    this.mailer = MailTransport.createMailer(settings);
  }

  /** A transport for other settings (tests aim it at their SMTP sink). */
  static forSettings(settings: MailSettings): MailTransport {
    return new MailTransport({
      get: (key: keyof Env) => (key === 'SMTP_URL' ? settings.smtpUrl : settings.from),
    } as unknown as ConfigService<Env, true>);
  }

  private static createMailer(settings: MailSettings): Mailer | null {
    const defaults = { from: settings.from };
    if (!settings.smtpUrl) return null;
    // Bounded waits: a stuck server must fail the job (transiently) rather than hold a worker slot for minutes.
    return createTransport(
      { url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      defaults,
    );
  }

  get mode(): 'smtp' | 'log' {
    return this.mailer ? 'smtp' : 'log';
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    if (!this.mailer) return this.writeToLog(email);
    try {
      const info = (await this.mailer.sendMail({
        to: email.to,
        ...(email.fromName ? { from: { name: email.fromName, address: this.fromAddress } } : {}),
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        ...(email.icalEvent ? { icalEvent: email.icalEvent } : {}),
        ...(email.messageId ? { messageId: email.messageId } : {}),
      })) as { messageId?: string; response?: unknown; message?: unknown };
      return {
        status: 'sent',
        messageId: info.messageId ?? null,
        providerResponse: typeof info.response === 'string' ? info.response : null,
        error: null,
        transient: false,
      };
    } catch (error) {
      const transient = isTransientMailError(error);
      const message = describeMailError(error);
      this.logger.warn({ to: email.to, transient, error: message }, 'Email not sent');
      return {
        status: 'failed',
        messageId: email.messageId ?? null,
        providerResponse: null,
        error: message,
        transient,
      };
    }
  }

  /**
   * Without SMTP_URL the email is written to the log, not composed: building the MIME tree (boundaries, encoded
   * parts, the base64 calendar file) only to drop it was a third of a worker's CPU per send. The Message-ID is the
   * caller's (the notification row's) or a fresh one, as nodemailer would make.
   */
  private writeToLog(email: OutgoingEmail): SendResult {
    const messageId = email.messageId ?? `<${randomUUID()}@trainerhub>`;
    this.logger.log(
      { to: email.to, subject: email.subject, messageId, text: email.text },
      'No SMTP_URL set: email written to the log instead of sent',
    );
    return { status: 'logged', messageId, providerResponse: null, error: null, transient: false };
  }

  onModuleDestroy(): void {
    this.mailer?.close();
  }
}
