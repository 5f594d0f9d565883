import type { UserRole } from '../modules/auth/user.entity.js';
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
  kind: 'user' | 'system';
}

/** The actor a worker builds from a job payload: it acts for one trainer, as nobody in particular. */
export function systemActor(trainerId: string, timeZone: string): Actor {
  return { userId: 'system', trainerId, role: 'trainer' as UserRole, timeZone, kind: 'system' };
}

/** The actor's trainer id; actors without a trainer profile (admins) cannot touch tenant data. */
export function trainerIdOf(actor: Actor): string {
  if (!actor.trainerId) throw new DomainError('trainer_required', 'forbidden', 'This needs a trainer account.');
  return actor.trainerId;
}
