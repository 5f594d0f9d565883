import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, type Actor } from '../../common/actor.js';
import { isCurrency, isEmail, isTimeZone, normaliseEmail } from '../../common/validation/validators.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { ActorCache, type FoundAccount } from './actor-cache.js';
import { AccountsRepository } from './accounts.repository.js';
import type { Account, RegisterInput } from './auth.types.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { UserRole } from '../../common/roles.js';
import { User } from './user.entity.js';

const GENERIC_LOGIN_ERROR = 'That email and password don’t match an account.';

/** Users and their trainer profiles: sign-up, sign-in, password changes, and building the Actor. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly repository: AccountsRepository,
    private readonly cache: ActorCache,
  ) {}

  /** Creates the User and its Trainer profile in one transaction. */
  async register(input: RegisterInput): Promise<Account> {
    const email = normaliseEmail(input.email);
    const fields: Record<string, string[]> = {};
    if (!isEmail(email)) fields.email = ['Enter a valid email address, like name@example.com.'];
    const weak = passwordProblem(input.password, { email, name: input.name });
    if (weak) fields.password = [weak];
    const timeZone = input.timeZone ?? 'Europe/London';
    if (!isTimeZone(timeZone)) fields.timeZone = ['Choose a time zone from the list.'];
    const currency = (input.currency ?? 'GBP').toUpperCase();
    if (!isCurrency(currency)) fields.currency = ['Choose a currency from the list.'];
    if (Object.keys(fields).length > 0)
      throw new AuthError(AuthErrorCode.InvalidProfile, 'Some fields need attention.', { fields });

    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.em.transactional(async (em) => {
        const user = em.create(User, { email, passwordHash, name: input.name.trim(), role: UserRole.Trainer });
        const trainer = em.create(Trainer, {
          user,
          businessName: input.businessName?.trim() || `${input.name.trim()} Training`,
          timeZone,
          currency,
        });
        await em.flush();
        return { user, trainer };
      });
    } catch (error) {
      // The unique index on lower(email) decides races between two sign-ups with one address.
      if (error instanceof UniqueConstraintViolationException) {
        throw new AuthError(AuthErrorCode.EmailTaken, 'An account with this email already exists.', {
          fields: { email: ['An account with this email already exists. Log in instead?'] },
        });
      }
      throw error;
    }
  }

  /** Checks a login. The same message and the same work whether the email is unknown or the password wrong. */
  async authenticate(email: string, password: string): Promise<Account> {
    const normalised = typeof email === 'string' ? normaliseEmail(email) : '';
    const user = isEmail(normalised)
      ? await this.em.findOne(User, { email: normalised }, { populate: ['passwordHash'] })
      : null;
    const ok = await this.hasher.verify(user?.passwordHash, typeof password === 'string' ? password : '');
    if (!user || !ok) throw new AuthError(AuthErrorCode.InvalidCredentials, GENERIC_LOGIN_ERROR);
    return { user, trainer: await this.ensureTrainer(user) };
  }

  /**
   * The account behind a session or token, or null when the user is gone or its credentials moved on. Runs on
   * every signed-in request of both doors: from the ActorCache when it holds the user, else one statement of
   * plain rows (AccountsRepository). The auth version is compared either way.
   */
  async findActive(userId: string, authVersion: number): Promise<Account | null> {
    const found = this.cache.get(userId) ?? (await this.readAccount(userId));
    if (!found || found.account.user.authVersion !== authVersion) return null;
    if (found.hasTrainer || found.account.user.role !== UserRole.Trainer) return found.account;
    // The rare repair path: a trainer without a profile gets one, as ensureTrainer does at sign-in.
    const user = await this.em.findOneOrFail(User, { id: userId });
    return { user, trainer: await this.ensureTrainer(user) };
  }

  private async readAccount(userId: string): Promise<FoundAccount | null> {
    const ticket = this.cache.ticket();
    const found = await this.repository.findAccount(userId);
    // A trainer without a profile is repaired below and read again next time; only whole accounts are kept.
    if (found && (found.hasTrainer || found.account.user.role !== UserRole.Trainer)) {
      this.cache.put(userId, found, ticket);
    }
    return found;
  }

  /** The signed-in actor's own account. */
  async accountOf(actor: Actor): Promise<Account> {
    const user = await this.em.findOneOrFail(User, { id: actor.userId });
    return { user, trainer: await this.ensureTrainer(user) };
  }

  /** Trainers always have a profile: one is created on first sight if a past bug or import left it out. */
  async ensureTrainer(user: User): Promise<Trainer | null> {
    const existing = await this.em.findOne(Trainer, { user });
    if (existing || user.role !== UserRole.Trainer) return existing;
    const trainer = this.em.create(Trainer, { user, businessName: `${user.name} Training` });
    try {
      await this.em.flush();
      return trainer;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Another request created it first; use theirs.
      this.em.clear();
      return this.em.findOneOrFail(Trainer, { user: user.id });
    }
  }

  /**
   * Changes the password and bumps authVersion, which ends every other session and access token; the caller
   * revokes refresh tokens and re-issues its own session.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.em.findOneOrFail(User, { id: actor.userId }, { populate: ['passwordHash'] });
    // The new password is judged first: then a wrong_password error always means the current one was checked,
    // which is what the password-change throttle counts.
    const weak = passwordProblem(newPassword, { email: user.email, name: user.name });
    if (weak) throw new AuthError(AuthErrorCode.WeakPassword, weak, { fields: { newPassword: [weak] } });
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new AuthError(AuthErrorCode.WrongPassword, 'Your current password is not right.', {
        fields: { currentPassword: ['This isn’t your current password.'] },
      });
    }
    user.passwordHash = await this.hasher.hash(newPassword);
    user.authVersion += 1;
    await this.em.flush();
    return user;
  }

  async findByEmail(email: string): Promise<User | null> {
    const normalised = normaliseEmail(email);
    return isEmail(normalised) ? this.em.findOne(User, { email: normalised }) : null;
  }

  /** Creates an admin, or promotes an existing user; used by `npm run admin:create`. */
  async createOrPromoteAdmin(
    email: string,
    password: string | null,
    name = 'Administrator',
  ): Promise<{ user: User; created: boolean }> {
    const normalised = normaliseEmail(email);
    if (!isEmail(normalised)) throw new AuthError(AuthErrorCode.InvalidProfile, 'That is not an email address.');
    const existing = await this.em.findOne(User, { email: normalised });
    if (existing) {
      existing.role = UserRole.Admin;
      await this.em.flush();
      return { user: existing, created: false };
    }
    if (!password) throw new AuthError(AuthErrorCode.WeakPassword, 'A new admin needs a password.');
    const weak = passwordProblem(password, { email: normalised });
    if (weak) throw new AuthError(AuthErrorCode.WeakPassword, weak);
    const user = this.em.create(User, {
      email: normalised,
      name,
      passwordHash: await this.hasher.hash(password),
      role: UserRole.Admin,
    });
    await this.em.flush();
    return { user, created: true };
  }
}

/** The Actor for an account: what every service method receives first. */
export function actorFor(account: Account): Actor {
  return {
    userId: account.user.id,
    trainerId: account.trainer?.id ?? null,
    role: account.user.role,
    timeZone: account.trainer?.timeZone ?? 'UTC',
    currency: account.trainer?.currency ?? DEFAULT_CURRENCY,
    locale: DEFAULT_LOCALE,
    kind: 'user',
  };
}
