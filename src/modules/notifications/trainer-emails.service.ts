import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { ClientEmailsService } from './client-emails.service.js';
import { MailTransport, type OutgoingEmail, type SendResult } from './mail-transport.js';
import { TrainerEmailRenderer } from './trainer-email-renderer.js';
import type { TrainerCopyEvent, TrainerCopySnapshot } from './trainer-emails.types.js';

/**
 * Emails to the trainer themselves (their account address), as building blocks like ClientEmailsService: read,
 * render, send. It claims and records nothing; the delivery in the worker claims the notification row first.
 */
@Injectable()
export class TrainerEmailsService {
  constructor(
    private readonly clientEmails: ClientEmailsService,
    private readonly renderer: TrainerEmailRenderer,
    private readonly transport: MailTransport,
  ) {}

  /** The booking as it is now, for a copy about `event` at `eventStartTime`; not found for another trainer's. */
  async copySnapshot(
    actor: Actor,
    bookingId: string,
    event: TrainerCopyEvent,
    eventStartTime: Date,
    at: Date,
  ): Promise<TrainerCopySnapshot> {
    const snapshot = await this.clientEmails.bookingSnapshot(actor, bookingId, { at });
    return { ...snapshot, event, eventStartTime };
  }

  render(snapshot: TrainerCopySnapshot): OutgoingEmail {
    return this.renderer.copy(snapshot);
  }

  /** Never throws for delivery trouble (see SendResult.transient). */
  send(email: OutgoingEmail): Promise<SendResult> {
    return this.transport.send(email);
  }
}
