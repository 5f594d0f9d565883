import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import type { Env } from '../../config/env.schema.js';
import {
  BOOKING_EMAIL_KINDS,
  type BookingEmailKind,
  type BookingEmailSnapshot,
  type CreditEmailKind,
  type CreditEmailSnapshot,
  type EmailClient,
  type EmailSkipReason,
  type EmailTrainer,
  type RenderedEmail,
} from './client-emails.types.js';
import { ClientEmailsRepository, type UnsubscribeRow } from './client-emails.repository.js';
import { EmailRenderer } from './email-renderer.js';
import { MailTransport, type OutgoingEmail, type SendResult } from './mail-transport.js';
import { NotificationError, NotificationErrorCode } from './notification.errors.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the unsubscribe page shows; optedOut is true once the client has opted out (now or before). */
export type UnsubscribeState = UnsubscribeRow;

/**
 * Client emails as building blocks for the reminder pipeline: read a booking as an email sees it, decide whether the
 * client may get email at all, render, send. It claims nothing and records nothing: the caller (the notification
 * processor) claims the notification row first, then records the SendResult, so a retried job never sends twice.
 * The one-click unsubscribe flow lives here too, as it is the other half of the same promise.
 */
@Injectable()
export class ClientEmailsService {
  private readonly publicUrl: string;

  constructor(
    private readonly repository: ClientEmailsRepository,
    private readonly renderer: EmailRenderer,
    private readonly transport: MailTransport,
    private readonly tokens: UnsubscribeTokens,
    config: ConfigService<Env, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  /**
   * The booking as it is now, with its client and trainer, in one statement. `previousStartTime` is for a
   * reschedule notice (the caller knows the old time from its outbox payload); `at` is the caller's clock.
   */
  async bookingSnapshot(
    actor: Actor,
    bookingId: string,
    options: { at?: Date; previousStartTime?: Date | null } = {},
  ): Promise<BookingEmailSnapshot> {
    const trainerId = trainerIdOf(actor);
    if (typeof bookingId !== 'string' || !UUID.test(bookingId)) throw this.bookingNotFound();
    const found = await this.repository.booking(trainerId, bookingId.toLowerCase());
    if (!found) throw this.bookingNotFound();
    return {
      ...found,
      previousStartTime: options.previousStartTime ?? null,
      at: options.at ?? new Date(),
    };
  }

  /** A client and their trainer for a credits notice; the caller supplies the credit facts it acted on. */
  async creditSnapshot(
    actor: Actor,
    clientId: string,
    facts: { packageName: string; credits: number; expiresAt: Date | null; at?: Date },
  ): Promise<CreditEmailSnapshot> {
    const trainerId = trainerIdOf(actor);
    if (typeof clientId !== 'string' || !UUID.test(clientId)) throw this.bookingNotFound();
    const parties = await this.repository.parties(trainerId, clientId.toLowerCase());
    if (!parties) throw this.bookingNotFound();
    return {
      ...parties,
      packageName: facts.packageName,
      credits: facts.credits,
      expiresAt: facts.expiresAt,
      at: facts.at ?? new Date(),
    };
  }

  /** Why this client must get no email (none on file, or opted out), or null when they may. */
  skipReason(snapshot: { client: EmailClient }): EmailSkipReason | null {
    if (!snapshot.client.email) return 'no_email';
    if (snapshot.client.emailOptOutAt) return 'opted_out';
    return null;
  }

  /** Subject, HTML, text, calendar file and headers for a booking email. Throws when skipReason() is not null. */
  render(kind: BookingEmailKind, snapshot: BookingEmailSnapshot): RenderedEmail {
    if (!BOOKING_EMAIL_KINDS.includes(kind)) throw new Error(`Not a booking email: ${String(kind)}`);
    return this.renderer.booking(kind, snapshot, this.recipientOf(snapshot), this.unsubscribeUrl(snapshot));
  }

  renderCredits(kind: CreditEmailKind, snapshot: CreditEmailSnapshot): RenderedEmail {
    return this.renderer.credits(kind, snapshot, this.recipientOf(snapshot), this.unsubscribeUrl(snapshot));
  }

  /** Hands the message to the transport; never throws for delivery trouble (see SendResult.transient). */
  send(email: OutgoingEmail): Promise<SendResult> {
    return this.transport.send(email);
  }

  /** The client's signed one-click link: `${PUBLIC_URL}/unsubscribe/<token>`. */
  unsubscribeUrl(snapshot: { client: EmailClient; trainer: EmailTrainer }): string {
    const token = this.tokens.sign({ trainerId: snapshot.trainer.id, clientId: snapshot.client.id });
    return `${this.publicUrl}/unsubscribe/${token}`;
  }

  /** The confirmation page's facts. A link that is not ours, or whose client is gone, is not found. */
  async unsubscribeState(token: unknown): Promise<UnsubscribeState> {
    const subject = this.tokens.verify(token);
    if (!subject) throw NotificationError.invalidUnsubscribeLink();
    const state = await this.repository.unsubscribeState(subject.trainerId, subject.clientId);
    if (!state) throw NotificationError.invalidUnsubscribeLink();
    return state;
  }

  /**
   * Opts the client out, once: a second click (or a mail provider's retry) keeps the first time. Scoped by the
   * trainer in the signed token as well as the client, in one conditional statement.
   */
  async optOut(token: unknown): Promise<UnsubscribeState> {
    const subject = this.tokens.verify(token);
    if (!subject) throw NotificationError.invalidUnsubscribeLink();
    const state = await this.repository.optOut(subject.trainerId, subject.clientId);
    if (!state) throw NotificationError.invalidUnsubscribeLink();
    return state;
  }

  private recipientOf(snapshot: { client: EmailClient }): string {
    const reason = this.skipReason(snapshot);
    if (reason || !snapshot.client.email) {
      throw new NotificationError(NotificationErrorCode.NoRecipient, 'This client gets no emails.', { reason });
    }
    return snapshot.client.email;
  }

  private bookingNotFound(): NotificationError {
    return new NotificationError(NotificationErrorCode.BookingNotFound, 'Not found.');
  }
}
