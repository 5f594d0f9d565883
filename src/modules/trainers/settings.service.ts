import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { AccountSecurityService } from '../auth/account-security.service.js';
import type { Account } from '../auth/auth.types.js';
import type { ApiDevice } from '../auth/refresh-tokens.service.js';
import type { WebSession } from '../auth/web-session.service.js';
import type { Trainer } from './trainer.entity.js';
import { TrainersService } from './trainers.service.js';
import type { UpdateTrainerInput } from './trainers.types.js';

/** What the settings screen shows: the trainer's profile and policies, and where the account is signed in. */
export interface SettingsScreen {
  trainer: Trainer;
  sessions: WebSession[];
  devices: ApiDevice[];
}

/**
 * The settings screen's one door into the core: its read model, and the changes it offers. The rules stay in
 * TrainersService (profile and policy) and AccountSecurityService (password, sessions, devices).
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly trainers: TrainersService,
    private readonly security: AccountSecurityService,
  ) {}

  async screen(actor: Actor): Promise<SettingsScreen> {
    const [trainer, sessions, devices] = await Promise.all([
      this.trainers.getProfile(actor),
      this.security.listSessions(actor),
      this.security.listDevices(actor),
    ]);
    return { trainer, sessions, devices };
  }

  update(actor: Actor, input: UpdateTrainerInput): Promise<Trainer> {
    return this.trainers.update(actor, input);
  }

  changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<Account> {
    return this.security.changePassword(actor, currentPassword, newPassword);
  }

  revokeSession(actor: Actor, handle: string): Promise<void> {
    return this.security.revokeSession(actor, handle);
  }

  revokeDevice(actor: Actor, familyId: string): Promise<void> {
    return this.security.revokeDevice(actor, familyId);
  }

  /** "Log out everywhere else": every other browser session and every API device. */
  revokeEverywhereElse(actor: Actor, keepHandle: string | undefined): Promise<{ sessions: number; devices: number }> {
    return this.security.revokeEverywhereElse(actor, keepHandle);
  }
}
