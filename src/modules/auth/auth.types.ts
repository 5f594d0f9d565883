import type { UserRole } from '../../common/roles.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  businessName?: string;
  timeZone?: string;
  currency?: string;
}

/** The user fields an account carries: what the Actor, the layout, tokens and /me need. The User entity fits. */
export interface AccountUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  authVersion: number;
}

/** The trainer fields an account carries: the Actor's, the layout's and /me's. The Trainer entity fits. */
export interface AccountTrainer {
  id: string;
  businessName: string;
  timeZone: string;
  currency: string;
  cancellationCutoffHours: number;
  minimumNoticeHours: number;
  defaultSessionMinutes: number;
  reminderLeadMinutes: number[];
  makeUpCreditOnLateCancel: boolean;
}

/**
 * A signed-in account. On every request it comes from the ActorCache or one statement (AccountsService.findActive),
 * as plain rows, not entities; sign-up and sign-in hand over the entities they just wrote, which fit the same shape.
 */
export interface Account {
  user: AccountUser;
  trainer: AccountTrainer | null;
}

/** What a client tells us about itself, shown in the settings' device and session lists. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The account behind req.actor, loaded by the door's guard; /api/v1/auth/me answers from it. */
    account?: Account;
  }
}
