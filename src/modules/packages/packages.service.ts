import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { PackageError, PackageErrorCode } from './package.errors.js';
import { PackagesRepository } from './packages.repository.js';
import {
  PACKAGE_LIMITS,
  type CreditLiability,
  type PackageCatalogue,
  type PackageInput,
  type PackageSummary,
  type PackageUpdate,
} from './packages.types.js';
import { SessionPackage } from './session-package.entity.js';
import { isUuid } from '../../common/validation/validators.js';

/** Checks every field present and reports all problems at once, per field. */
export function packageProblems(input: PackageUpdate, requireAll: boolean): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (field: string, message: string) => (fields[field] = [...(fields[field] ?? []), message]);
  if (input.name !== undefined || requireAll) {
    const name = (input.name ?? '').trim();
    if (name === '') add('name', 'Give the package a name.');
    else if (name.length > PACKAGE_LIMITS.name) add('name', `Keep the name under ${PACKAGE_LIMITS.name} characters.`);
  }
  if (input.sessionCount !== undefined || requireAll) {
    const count = input.sessionCount;
    if (
      count === undefined ||
      !Number.isInteger(count) ||
      count < PACKAGE_LIMITS.sessionsMin ||
      count > PACKAGE_LIMITS.sessionsMax
    ) {
      add(
        'sessionCount',
        `Enter a whole number of sessions from ${PACKAGE_LIMITS.sessionsMin} to ${PACKAGE_LIMITS.sessionsMax}.`,
      );
    }
  }
  if (input.priceMinor !== undefined || requireAll) {
    const price = input.priceMinor;
    if (price === undefined || !Number.isInteger(price) || price < 0 || price > PACKAGE_LIMITS.priceMaxMinor)
      add('priceMinor', 'Enter a price of zero or more.');
  }
  if (input.validityDays !== undefined && input.validityDays !== null) {
    const days = input.validityDays;
    if (!Number.isInteger(days) || days < 1 || days > PACKAGE_LIMITS.validityMaxDays) {
      add('validityDays', `Enter from 1 to ${PACKAGE_LIMITS.validityMaxDays} days, or leave empty for no expiry.`);
    }
  }
  if (input.description && input.description.length > PACKAGE_LIMITS.description) {
    add('description', `Keep the description under ${PACKAGE_LIMITS.description} characters.`);
  }
  return fields;
}

/** The trainer's package catalogue, its sales figures, and the unused-credit liability. */
@Injectable()
export class PackagesService {
  constructor(
    private readonly em: EntityManager,
    private readonly packages: PackagesRepository,
  ) {}

  /** Every package with units sold, revenue and unexpired credits held; one query, in natural order. */
  list(actor: Actor, options: { activeOnly?: boolean } = {}): Promise<PackageSummary[]> {
    return this.packages.summaries(trainerIdOf(actor), options);
  }

  /** The catalogue screen (both doors): every package plus the unused-credit liability. */
  async catalogue(actor: Actor, at: Date = new Date()): Promise<PackageCatalogue> {
    const [items, liability] = await Promise.all([this.list(actor), this.liability(actor, at)]);
    return { items, liability, currency: actor.currency };
  }

  async getSummary(actor: Actor, id: string): Promise<PackageSummary> {
    const pkg = await this.get(actor, id);
    const [summary] = await this.packages.summaries(trainerIdOf(actor), { id: pkg.id });
    if (!summary) throw PackageError.notFound();
    return summary;
  }

  /** Activates or deactivates, answering the row as lists show it. */
  async setActive(actor: Actor, id: string, active: boolean): Promise<PackageSummary> {
    const pkg = await this.update(actor, id, { active });
    return this.getSummary(actor, pkg.id);
  }

  async get(actor: Actor, id: string): Promise<SessionPackage> {
    const trainerId = trainerIdOf(actor);
    if (typeof id !== 'string' || !isUuid(id)) throw PackageError.notFound();
    const pkg = await this.em.findOne(SessionPackage, { id: id.toLowerCase(), trainer: trainerId });
    if (!pkg) throw PackageError.notFound();
    return pkg;
  }

  async create(actor: Actor, input: PackageInput): Promise<SessionPackage> {
    const trainerId = trainerIdOf(actor);
    this.validate(input, true);
    const trainer = await this.em.findOneOrFail(Trainer, { id: trainerId });
    const pkg = this.em.create(SessionPackage, {
      trainer,
      name: input.name.trim(),
      sessionCount: input.sessionCount,
      priceMinor: input.priceMinor,
      currency: trainer.currency,
      validityDays: input.validityDays ?? null,
      description: input.description?.trim() || null,
      active: input.active ?? true,
    });
    await this.em.flush();
    return pkg;
  }

  /** Changes the fields present. Past purchases keep their own price, credits and expiry. */
  async update(actor: Actor, id: string, input: PackageUpdate): Promise<SessionPackage> {
    const pkg = await this.get(actor, id);
    this.validate(input, false);
    if (input.name !== undefined) pkg.name = input.name.trim();
    if (input.sessionCount !== undefined) pkg.sessionCount = input.sessionCount;
    if (input.priceMinor !== undefined) {
      pkg.priceMinor = input.priceMinor;
      pkg.currency = (await this.em.findOneOrFail(Trainer, { id: trainerIdOf(actor) })).currency;
    }
    if (input.validityDays !== undefined) pkg.validityDays = input.validityDays;
    if (input.description !== undefined) pkg.description = input.description?.trim() || null;
    if (input.active !== undefined) pkg.active = input.active;
    await this.em.flush();
    return pkg;
  }

  /** Hides it from selling; clients keep the credits they bought. */
  deactivate(actor: Actor, id: string): Promise<SessionPackage> {
    return this.update(actor, id, { active: false });
  }

  activate(actor: Actor, id: string): Promise<SessionPackage> {
    return this.update(actor, id, { active: true });
  }

  /** Deletes a package never sold; a sold one answers package_sold (the foreign key decides races). */
  async delete(actor: Actor, id: string): Promise<{ id: string; name: string }> {
    const pkg = await this.get(actor, id);
    if ((await this.packages.purchaseCount(pkg.id)) > 0) throw this.sold(pkg.name);
    try {
      await this.em.nativeDelete(SessionPackage, { id: pkg.id, trainer: trainerIdOf(actor) });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintViolationException) throw this.sold(pkg.name);
      throw error;
    }
    this.em.getUnitOfWork().unsetIdentity(pkg);
    return { id: pkg.id, name: pkg.name };
  }

  /**
   * Money received but not yet earned: for each unexpired purchase with credits left, the price paid times
   * remaining / granted. Unpaid purchases count too (the client owes it, the trainer owes the sessions).
   */
  liability(actor: Actor, at: Date = new Date()): Promise<CreditLiability[]> {
    return this.packages.liability(trainerIdOf(actor), at);
  }

  private validate(input: PackageUpdate, requireAll: boolean): void {
    const fields = packageProblems(input, requireAll);
    if (Object.keys(fields).length > 0)
      throw new PackageError(PackageErrorCode.Invalid, 'Some details need attention.', { fields });
  }

  private sold(name: string): PackageError {
    return new PackageError(
      PackageErrorCode.Sold,
      `${name} has been sold, so it can’t be deleted. Deactivate it instead: clients keep their credits.`,
    );
  }
}
