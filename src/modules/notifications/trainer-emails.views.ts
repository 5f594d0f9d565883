import { formatTime } from '../../common/time/format.js';
import { formatDateTimeInZone } from '../../common/time/zone-label.js';
import { toSubject } from './client-emails.views.js';
import type { TrainerCopySnapshot } from './trainer-emails.types.js';

/** What the trainer-copy templates show (views/emails/trainer-copy.*.hbs); every time on the trainer's clock. */
export interface TrainerCopyView {
  subject: string;
  preheader: string;
  heading: string;
  intro: string;
  businessName: string;
  clientName: string;
  clientEmail: string | null;
  when: string;
  endsAt: string;
  cancelled: boolean;
  reason: string | null;
  bookingUrl: string;
  settingsUrl: string;
}

export function toTrainerCopyView(snapshot: TrainerCopySnapshot, publicUrl: string): TrainerCopyView {
  const { booking, client, trainer } = snapshot;
  const zone = trainer.timeZone;
  const when = formatDateTimeInZone(snapshot.eventStartTime, zone);
  const length = booking.endTime.getTime() - booking.startTime.getTime();
  const endsAt = formatTime(new Date(snapshot.eventStartTime.getTime() + length), zone);
  const cancelled = snapshot.event === 'cancelled';
  const base = {
    businessName: trainer.businessName,
    clientName: client.name,
    clientEmail: client.email,
    when,
    endsAt,
    cancelled,
    bookingUrl: `${publicUrl}/bookings/${booking.id}`,
    settingsUrl: `${publicUrl}/settings`,
  };
  if (cancelled) {
    return {
      ...base,
      subject: toSubject(`Cancelled in the app: ${client.name}, ${when}`),
      preheader: `${client.name}’s session on ${when} was cancelled.`,
      heading: 'A session was cancelled in the app',
      intro: `${client.name}’s session on ${when} was cancelled through the TrainerHub API (your app or an integration).`,
      reason: booking.cancellationReason?.trim() || null,
    };
  }
  return {
    ...base,
    subject: toSubject(`Booked in the app: ${client.name}, ${when}`),
    preheader: `${client.name} is booked for ${when}.`,
    heading: 'A session was booked in the app',
    intro: `A session with ${client.name} on ${when} was booked through the TrainerHub API (your app or an integration).`,
    reason: null,
  };
}
