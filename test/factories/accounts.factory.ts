import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/common/actor.js';
import { AccountsService, actorFor } from '../../src/modules/auth/accounts.service.js';
import type { Account } from '../../src/modules/auth/auth.types.js';
import { inContext, type TestApp } from '../helpers/test-app.js';

export const DEFAULT_PASSWORD = 'squat-rack-sunrise-42';

export interface TrainerFixture {
  account: Account;
  actor: Actor;
  email: string;
  password: string;
}

export function uniqueEmail(label = 'trainer'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`;
}

/** A trainer created through the real service (argon2 and all), with readable defaults. */
export async function createTrainer(
  t: TestApp,
  overrides: { name?: string; timeZone?: string; currency?: string } = {},
): Promise<TrainerFixture> {
  const accounts = await t.app.resolve(AccountsService);
  const email = uniqueEmail(overrides.name?.toLowerCase().replace(/\W+/g, '-') ?? 'trainer');
  const account = await inContext(t, () =>
    accounts.register({
      email,
      password: DEFAULT_PASSWORD,
      name: overrides.name ?? 'Alex Morgan',
      timeZone: overrides.timeZone ?? 'Europe/London',
      currency: overrides.currency ?? 'GBP',
    }),
  );
  return { account, actor: actorFor(account), email, password: DEFAULT_PASSWORD };
}

export async function createAdmin(t: TestApp): Promise<{ email: string; password: string }> {
  const accounts = await t.app.resolve(AccountsService);
  const email = uniqueEmail('admin');
  await inContext(t, () => accounts.createOrPromoteAdmin(email, DEFAULT_PASSWORD));
  return { email, password: DEFAULT_PASSWORD };
}
