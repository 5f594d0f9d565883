import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CreditMovement } from './credit-ledger-entry.entity.js';
import type { CreditBalance, LedgerLine, UsableCredit } from './credits.types.js';

/** pg hands int8 (sums over many rows) and timestamptz back as text; the rows say so. */
type Int8 = string;
type Timestamp = string;

interface UsableRow {
  id: string;
  name: string;
  credits_remaining: number;
  expires_at: Timestamp | null;
}

interface BalanceRow {
  id: string;
  session_package_id: string;
  package_name: string;
  credits_granted: number;
  credits_remaining: number;
  price_paid_minor: number;
  currency: string;
  purchased_at: Timestamp;
  expires_at: Timestamp | null;
  paid: boolean;
  paid_minor: Int8;
}

interface LedgerRow {
  id: string;
  client_package_id: string;
  package_name: string;
  kind: CreditMovement;
  delta: number;
  reason: string;
  booking_id: string | null;
  system: boolean;
  created_at: Timestamp;
}

/** A purchase as "why could no credit be taken?" needs it. */
export interface PurchaseState {
  clientId: string;
  creditsRemaining: number;
  expiresAt: Date | null;
  packageName: string;
}

export interface LedgerInsert {
  trainerId: string;
  clientPackageId: string;
  bookingId: string;
  kind: CreditMovement;
  delta: number;
  reason: string;
  createdById: string | null;
  system: boolean;
}

const dateOrNull = (value: Timestamp | null): Date | null => (value === null ? null : new Date(value));

/**
 * The credit ledger's SQL. Writes take the caller's EntityManager, so they join its transaction (the bookings
 * module passes its own); reads default to the request's.
 */
@Injectable()
export class CreditsRepository {
  constructor(private readonly em: EntityManager) {}

  async usable(trainerId: string, clientId: string, at: Date, em: EntityManager = this.em): Promise<UsableCredit[]> {
    const rows = await em.execute<UsableRow[]>(
      `select cp.id, sp.name, cp.credits_remaining, cp.expires_at
         from client_packages cp join session_packages sp on sp.id = cp.session_package_id
        where cp.trainer_id = ? and cp.client_id = ? and cp.credits_remaining > 0 and (cp.expires_at is null or cp.expires_at > ?)
        order by cp.expires_at asc nulls last, cp.purchased_at asc, cp.id asc`,
      [trainerId, clientId, at],
    );
    return rows.map((row) => ({
      clientPackageId: row.id,
      packageName: row.name,
      remaining: row.credits_remaining,
      expiresAt: dateOrNull(row.expires_at),
    }));
  }

  /** One credit off, only if one is left and the purchase is still valid at `at`: true when it was taken. */
  async decrement(
    em: EntityManager,
    trainerId: string,
    clientId: string,
    clientPackageId: string,
    at: Date,
  ): Promise<boolean> {
    const rows = await em.execute<Array<{ id: string }>>(
      `update client_packages set credits_remaining = credits_remaining - 1, updated_at = now()
        where id = ? and trainer_id = ? and client_id = ? and credits_remaining > 0 and (expires_at is null or expires_at > ?)
        returning id`,
      [clientPackageId, trainerId, clientId, at],
    );
    return rows.length === 1;
  }

  async increment(em: EntityManager, trainerId: string, clientPackageId: string): Promise<void> {
    await em.execute(
      `update client_packages set credits_remaining = credits_remaining + 1, updated_at = now() where id = ? and trainer_id = ?`,
      [clientPackageId, trainerId],
    );
  }

  /**
   * A ledger row tied to a booking; its unique (booking_id, kind) constraint makes a second one wait and then do
   * nothing (ON CONFLICT) without aborting the caller's transaction. True when this call wrote it.
   */
  async insertForBooking(em: EntityManager, row: LedgerInsert): Promise<boolean> {
    const inserted = await em.execute<Array<{ id: string }>>(
      `insert into credit_ledger_entries (id, trainer_id, client_package_id, booking_id, kind, delta, reason, created_by_id, system)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict on constraint credit_ledger_booking_kind_unique do nothing
       returning id`,
      [row.trainerId, row.clientPackageId, row.bookingId, row.kind, row.delta, row.reason, row.createdById, row.system],
    );
    return inserted.length === 1;
  }

  /** The purchase a booking's credit came from, per the ledger. */
  async consumedPackageOf(em: EntityManager, trainerId: string, bookingId: string): Promise<string | null> {
    const [row] = await em.execute<Array<{ client_package_id: string }>>(
      `select client_package_id from credit_ledger_entries where booking_id = ? and trainer_id = ? and kind = 'consume'`,
      [bookingId, trainerId],
    );
    return row?.client_package_id ?? null;
  }

  /** The purchase a booking names (a booking whose consume row predates the ledger or was refunded). */
  async bookingPackageOf(em: EntityManager, trainerId: string, bookingId: string): Promise<string | null> {
    const [row] = await em.execute<Array<{ client_package_id: string | null }>>(
      `select client_package_id from bookings where id = ? and trainer_id = ?`,
      [bookingId, trainerId],
    );
    return row?.client_package_id ?? null;
  }

  async purchaseState(em: EntityManager, trainerId: string, clientPackageId: string): Promise<PurchaseState | null> {
    const [row] = await em.execute<
      Array<{ client_id: string; credits_remaining: number; expires_at: Timestamp | null; name: string }>
    >(
      `select cp.client_id, cp.credits_remaining, cp.expires_at, sp.name
         from client_packages cp join session_packages sp on sp.id = cp.session_package_id
        where cp.id = ? and cp.trainer_id = ?`,
      [clientPackageId, trainerId],
    );
    return row
      ? {
          clientId: row.client_id,
          creditsRemaining: row.credits_remaining,
          expiresAt: dateOrNull(row.expires_at),
          packageName: row.name,
        }
      : null;
  }

  /** Writes off what is left on every purchase expired at `at` (one `expire` row each); idempotent. */
  async expireDue(em: EntityManager, at: Date, trainerId?: string): Promise<number> {
    const params: unknown[] = [at];
    if (trainerId) params.push(trainerId);
    const rows = await em.execute<Array<{ id: string }>>(
      `with due as (
         select id, credits_remaining from client_packages
          where expires_at is not null and expires_at <= ? and credits_remaining > 0 ${trainerId ? 'and trainer_id = ?' : ''}
          for update
       ), expired as (
         update client_packages cp set credits_remaining = 0, updated_at = now()
           from due where cp.id = due.id and cp.credits_remaining > 0
         returning cp.id, cp.trainer_id, due.credits_remaining as lost
       )
       insert into credit_ledger_entries (id, trainer_id, client_package_id, kind, delta, reason, system)
       select gen_random_uuid(), trainer_id, id, 'expire', -lost, 'Expired unused', true from expired
       returning id`,
      params,
    );
    return rows.length;
  }

  /**
   * Every purchase of the client with its balance, newest first. paid_minor is what was received towards it
   * (payments and corrections; refunds give money back without reopening the debt).
   */
  async balances(trainerId: string, clientId: string, at: Date, em: EntityManager = this.em): Promise<CreditBalance[]> {
    const rows = await em.execute<BalanceRow[]>(
      `select cp.id, cp.session_package_id, sp.name as package_name, cp.credits_granted, cp.credits_remaining, cp.price_paid_minor,
              cp.currency, cp.purchased_at, cp.expires_at, cp.paid,
              (select coalesce(sum(p.amount_minor), 0) from payments p where p.client_package_id = cp.id and p.kind <> 'refund') as paid_minor
         from client_packages cp join session_packages sp on sp.id = cp.session_package_id
        where cp.trainer_id = ? and cp.client_id = ?
        order by cp.purchased_at desc, cp.id desc`,
      [trainerId, clientId],
    );
    return rows.map((row) => {
      const expiresAt = dateOrNull(row.expires_at);
      return {
        clientPackageId: row.id,
        packageId: row.session_package_id,
        packageName: row.package_name,
        creditsGranted: row.credits_granted,
        creditsRemaining: row.credits_remaining,
        pricePaidMinor: row.price_paid_minor,
        currency: row.currency,
        purchasedAt: new Date(row.purchased_at),
        expiresAt,
        expired: expiresAt !== null && expiresAt.getTime() <= at.getTime(),
        paid: row.paid,
        paidMinor: Number(row.paid_minor),
      };
    });
  }

  async ledger(trainerId: string, clientId: string, em: EntityManager = this.em): Promise<LedgerLine[]> {
    const rows = await em.execute<LedgerRow[]>(
      `select l.id, l.client_package_id, sp.name as package_name, l.kind, l.delta, l.reason, l.booking_id, l.system, l.created_at
         from credit_ledger_entries l
         join client_packages cp on cp.id = l.client_package_id
         join session_packages sp on sp.id = cp.session_package_id
        where l.trainer_id = ? and cp.client_id = ?
        order by l.created_at desc, l.id desc`,
      [trainerId, clientId],
    );
    return rows.map((row) => ({
      id: row.id,
      clientPackageId: row.client_package_id,
      packageName: row.package_name,
      kind: row.kind,
      delta: row.delta,
      reason: row.reason,
      bookingId: row.booking_id,
      system: row.system,
      createdAt: new Date(row.created_at),
    }));
  }
}
