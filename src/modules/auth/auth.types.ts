import type { Trainer } from '../trainers/trainer.entity.js';
import type { User } from './user.entity.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  businessName?: string;
  timeZone?: string;
  currency?: string;
}

export interface Account {
  user: User;
  trainer: Trainer | null;
}

/** What a client tells us about itself, shown in the settings' device and session lists. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}
