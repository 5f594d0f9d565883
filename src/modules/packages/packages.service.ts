import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { PackageError, PackageErrorCode } from './package.errors.js';
import { PACKAGE_LIMITS, type CreditLiability, type PackageInput, type PackageSummary, type PackageUpdate } from './packages.types.js';
import { SessionPackage } from './session-package.entity.js';
import { isUuid } from '../../common/validation/validators.js';

type Row = Record<string, unknown>;

function toSummary(row: Row): PackageSummary {
  return {
    id: String(row.id),
    name: String(row.name),
    sessionCount: Number(row.session_count),
    priceMinor: Number(row.price_minor),
    currency: String(row.currency),
    validityDays: row.validity_days === null ? null : Number(row.validity_days),
    description: row.description === null ? null : String(row.description),
    active: Boolean(row.active),
    createdAt: new Date(row.created_at as string | Date),
    unitsSold: Number(row.units_sold ?? 0),
    revenueMinor: Number(row.revenue_minor ?? 0),
    creditsOutstanding: Number(row.credits_outstanding ?? 0),
  };
}

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
    if (count === undefined || !Number.isInteger(count) || count < PACKAGE_LIMITS.sessionsMin || count > PACKAGE_LIMITS.sessionsMax) {
      add('sessionCount', `Enter a whole number of sessions from ${PACKAGE_LIMITS.sessionsMin} to ${PACKAGE_LIMITS.sessionsMax}.`);
    }
  }
  if (input.priceMinor !== undefined || requireAll) {
    const price = input.priceMinor;
    if (price === undefined || !Number.isInteger(price) || price < 0 || price > PACKAGE_LIMITS.priceMaxMinor) add('priceMinor', 'Enter a price of zero or more.');
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
  constructor(private readonly em: EntityManager) {}

  /** Every package with units sold, revenue (payments for its purchases) and unexpired credits held; one query. */
  async list(actor: Actor, options: { activeOnly?: boolean } = {}): Promise<PackageSummary[]> {
    const rows = await this.em.execute<Row[]>(
      `select sp.id, sp.name, sp.session_count, sp.price_minor, sp.currency, sp.validity_days, sp.description, sp.active, sp.created_at,
              coalesce(s.units_sold, 0) as units_sold, coalesce(s.credits_outstanding, 0) as credits_outstanding,
              coalesce(r.revenue_minor, 0) as revenue_minor
         from session_packages sp
         left join lateral (
           select count(*) as units_sold,
                  sum(cp.credits_remaining) filter (where cp.expires_at is null or cp.expires_at > now()) as credits_outstanding
             from client_packages cp where cp.session_package_id = sp.id
         ) s on true
         left join lateral (
           select sum(p.amount_minor) as revenue_minor
             from client_packages cp join payments p on p.client_package_id = cp.id
            where cp.session_package_id = sp.id
         ) r on true
        where sp.trainer_id = ? ${options.activeOnly ? 'and sp.active' : ''}
        order by sp.active desc, lower(sp.name), sp.id`,
      [trainerIdOf(actor)],
    );
    return rows.map(toSummary);
  }

  async getSummary(actor: Actor, id: string): Promise<PackageSummary> {
    const pkg = await this.get(actor, id);
    const summary = (await this.list(actor)).find((row) => row.id === pkg.id);
    if (!summary) throw PackageError.notFound();
    return summary;
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
    const [row] = await this.em.execute<Row[]>(`select count(*) as n from client_packages where session_package_id = ?`, [pkg.id]);
    if (Number(row?.n ?? 0) > 0) throw this.sold(pkg.name);
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
  async liability(actor: Actor, at: Date = new Date()): Promise<CreditLiability[]> {
    const rows = await this.em.execute<Row[]>(
      `select cp.currency, count(*) as purchases, sum(cp.credits_remaining) as credits,
              sum(round(cp.price_paid_minor::numeric * cp.credits_remaining / nullif(cp.credits_granted, 0))) as amount_minor
         from client_packages cp
        where cp.trainer_id = ? and cp.credits_remaining > 0 and (cp.expires_at is null or cp.expires_at > ?)
        group by cp.currency order by cp.currency`,
      [trainerIdOf(actor), at],
    );
    return rows.map((row) => ({
      currency: String(row.currency),
      amountMinor: Number(row.amount_minor ?? 0),
      credits: Number(row.credits ?? 0),
      purchases: Number(row.purchases ?? 0),
    }));
  }

  private validate(input: PackageUpdate, requireAll: boolean): void {
    const fields = packageProblems(input, requireAll);
    if (Object.keys(fields).length > 0) throw new PackageError(PackageErrorCode.Invalid, 'Some details need attention.', { fields });
  }

  private sold(name: string): PackageError {
    return new PackageError(PackageErrorCode.Sold, `${name} has been sold, so it can’t be deleted. Deactivate it instead: clients keep their credits.`);
  }
}
