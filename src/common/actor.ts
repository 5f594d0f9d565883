import { UserRole } from './roles.js';
import { DomainError } from './errors/domain-error.js';

/**
 * Who is acting, passed first to every service method. Services scope every tenant query by trainerId,
 * so a controller can never forget tenancy by forgetting a where clause.
 */
export interface Actor {
  userId: string;
  /** Null only for an admin without a trainer profile. */
  trainerId: string | null;
  role: UserRole;
  timeZone: string;
  /** The trainer's ISO 4217 currency: money is shown (and sold) in it, so no handler reads the trainer to format. */
  currency: string;
  /** The BCP 47 locale numbers, money and dates are formatted in. */
  locale: string;
  kind: 'user' | 'system';
}

/**
 * Every trainer's locale for now: the app is written in British English and has no locale setting yet. It rides on
 * the actor so that adding a per-trainer setting later changes where the value comes from, not every formatter.
 */
export const DEFAULT_LOCALE = 'en-GB';

/** Currency for actors without a trainer profile (admins); matches the trainers.currency column default. */
export const DEFAULT_CURRENCY = 'GBP';

/** The actor a worker builds from a job payload: it acts for one trainer, as nobody in particular. */
export function systemActor(trainer: { id: string; timeZone: string; currency: string }): Actor {
  return {
    userId: 'system',
    trainerId: trainer.id,
    role: UserRole.Trainer,
    timeZone: trainer.timeZone,
    currency: trainer.currency,
    locale: DEFAULT_LOCALE,
    kind: 'system',
  };
}

/** The actor's trainer id; actors without a trainer profile (admins) cannot touch tenant data. */
export function trainerIdOf(actor: Actor): string {
  if (!actor.trainerId) throw new DomainError('trainer_required', 'forbidden', 'This needs a trainer account.');
  return actor.trainerId;
}
