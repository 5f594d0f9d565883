import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { ClientsService } from '../clients/clients.service.js';
import { CreditMovement } from './credit-ledger-entry.entity.js';
import { CreditError, CreditErrorCode } from './credit.errors.js';
import type { ConsumeInput, CreditBalance, LedgerLine, UsableCredit } from './credits.types.js';
import { isUuid } from '../../common/validation/validators.js';

type Row = Record<string, unknown>;

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

function toBalance(row: Row, at: Date): CreditBalance {
  const expiresAt = toDateOrNull(row.expires_at);
  return {
    clientPackageId: String(row.id),
    packageId: String(row.session_package_id),
    packageName: String(row.package_name),
    creditsGranted: Number(row.credits_granted),
    creditsRemaining: Number(row.credits_remaining),
    pricePaidMinor: Number(row.price_paid_minor),
    currency: String(row.currency),
    purchasedAt: toDate(row.purchased_at),
    expiresAt,
    expired: expiresAt !== null && expiresAt.getTime() <= at.getTime(),
    paid: Boolean(row.paid),
    paidMinor: Number(row.paid_minor ?? 0),
  };
}

function toLedgerLine(row: Row): LedgerLine {
  return {
    id: String(row.id),
    clientPackageId: String(row.client_package_id),
    packageName: String(row.package_name),
    kind: row.kind as CreditMovement,
    delta: Number(row.delta),
    reason: String(row.reason),
    bookingId: row.booking_id ? String(row.booking_id) : null,
    system: Boolean(row.system),
    createdAt: toDate(row.created_at),
  };
}

/**
 * The only code that moves credits. Every movement is a conditional update of client_packages.credits_remaining
 * plus a ledger row in the same transaction; the CHECK (credits_remaining >= 0) and UNIQUE (booking_id, kind)
 * constraints keep that true under any concurrency. Methods taking an EntityManager run inside the caller's
 * transaction (the bookings module passes its own).
 */
@Injectable()
export class CreditsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clients: ClientsService,
  ) {}

  /** The client's purchases a session can use at `at`: credits left, not expired; soonest expiry first. */
  async usableFor(actor: Actor, clientId: string, at: Date): Promise<UsableCredit[]> {
    const trainerId = trainerIdOf(actor);
    if (typeof clientId !== 'string' || !isUuid(clientId)) return [];
    const rows = await this.em.execute<Row[]>(
      `select cp.id, sp.name, cp.credits_remaining, cp.expires_at
         from client_packages cp join session_packages sp on sp.id = cp.session_package_id
        where cp.trainer_id = ? and cp.client_id = ? and cp.credits_remaining > 0 and (cp.expires_at is null or cp.expires_at > ?)
        order by cp.expires_at asc nulls last, cp.purchased_at asc, cp.id asc`,
      [trainerId, clientId.toLowerCase(), at],
    );
    return rows.map((row) => ({
      clientPackageId: String(row.id),
      packageName: String(row.name),
      remaining: Number(row.credits_remaining),
      expiresAt: toDateOrNull(row.expires_at),
    }));
  }

  /**
   * Takes one credit for a booking. The decrement is a single conditional UPDATE, so concurrent callers
   * serialise on the row and the loser sees credits_remaining = 0; the ledger row is unique per booking.
   */
  async consume(em: EntityManager, actor: Actor, input: ConsumeInput): Promise<void> {
    const trainerId = trainerIdOf(actor);
    if (!isUuid(input.clientPackageId) || !isUuid(input.clientId)) throw this.packageNotFound();
    const updated = await em.execute<Row[]>(
      `update client_packages set credits_remaining = credits_remaining - 1, updated_at = now()
        where id = ? and trainer_id = ? and client_id = ? and credits_remaining > 0 and (expires_at is null or expires_at > ?)
        returning id`,
      [input.clientPackageId.toLowerCase(), trainerId, input.clientId.toLowerCase(), input.at],
    );
    if (updated.length !== 1) throw await this.whyNotConsumed(em, trainerId, input);
    const inserted = await em.execute<Row[]>(
      `insert into credit_ledger_entries (id, trainer_id, client_package_id, booking_id, kind, delta, reason, created_by_id, system)
       values (gen_random_uuid(), ?, ?, ?, 'consume', -1, ?, ?, ?)
       on conflict on constraint credit_ledger_booking_kind_unique do nothing
       returning id`,
      [trainerId, input.clientPackageId.toLowerCase(), input.bookingId, 'Session booked', this.userOf(actor), actor.kind === 'system'],
    );
    // The decrement above is rolled back with the caller's transaction.
    if (inserted.length !== 1) throw new CreditError(CreditErrorCode.AlreadyConsumed, 'This session already uses a credit.');
  }

  /** Gives back the credit a booking consumed, once. Returns false if there is nothing (more) to refund. */
  async refundForBooking(em: EntityManager, actor: Actor, bookingId: string, reason: string): Promise<boolean> {
    const trainerId = trainerIdOf(actor);
    const packageId = await this.consumedPackageOf(em, trainerId, bookingId);
    if (!packageId) return false;
    return this.creditBack(em, actor, trainerId, packageId, bookingId, CreditMovement.Refund, reason);
  }

  /**
   * One extra credit tied to a booking (a waived forfeit, a make-up credit), once per booking. It goes to the
   * purchase the booking used. Returns false when the booking used no package or already has its adjustment.
   */
  async adjustForBooking(em: EntityManager, actor: Actor, bookingId: string, reason: string): Promise<boolean> {
    const trainerId = trainerIdOf(actor);
    let packageId = await this.consumedPackageOf(em, trainerId, bookingId);
    if (!packageId && isUuid(bookingId)) {
      const [row] = await em.execute<Row[]>(`select client_package_id from bookings where id = ? and trainer_id = ?`, [bookingId.toLowerCase(), trainerId]);
      packageId = row?.client_package_id ? String(row.client_package_id) : null;
    }
    if (!packageId) return false;
    return this.creditBack(em, actor, trainerId, packageId, bookingId, CreditMovement.Adjust, reason);
  }

  /**
   * Writes off the credits left on every purchase whose expiry has passed at `at` (one `expire` row each, as
   * the system). Running it twice changes nothing the second time. Returns the number of purchases expired.
   */
  async expireDue(em: EntityManager, at: Date, trainerId?: string): Promise<number> {
    const params: unknown[] = [at];
    if (trainerId) params.push(trainerId);
    const rows = await em.execute<Row[]>(
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

  /** Every purchase of the client with its balance and payments; newest purchase first. */
  async balancesFor(actor: Actor, clientId: string, at: Date = new Date()): Promise<CreditBalance[]> {
    const client = await this.clients.get(actor, clientId);
    const rows = await this.em.execute<Row[]>(
      `select cp.id, cp.session_package_id, sp.name as package_name, cp.credits_granted, cp.credits_remaining, cp.price_paid_minor,
              cp.currency, cp.purchased_at, cp.expires_at, cp.paid,
              (select coalesce(sum(p.amount_minor), 0) from payments p where p.client_package_id = cp.id) as paid_minor
         from client_packages cp join session_packages sp on sp.id = cp.session_package_id
        where cp.trainer_id = ? and cp.client_id = ?
        order by cp.purchased_at desc, cp.id desc`,
      [trainerIdOf(actor), client.id],
    );
    return rows.map((row) => toBalance(row, at));
  }

  /** Balances, ledger and the credits usable now, for the API's credits resource. */
  async creditsOf(actor: Actor, clientId: string): Promise<{ usable: number; balances: CreditBalance[]; ledger: LedgerLine[] }> {
    const balances = await this.balancesFor(actor, clientId);
    const ledger = await this.ledgerFor(actor, clientId);
    return { usable: balances.filter((b) => !b.expired).reduce((sum, b) => sum + b.creditsRemaining, 0), balances, ledger };
  }

  /** The client's full credit history, newest first. */
  async ledgerFor(actor: Actor, clientId: string): Promise<LedgerLine[]> {
    const client = await this.clients.get(actor, clientId);
    const rows = await this.em.execute<Row[]>(
      `select l.id, l.client_package_id, sp.name as package_name, l.kind, l.delta, l.reason, l.booking_id, l.system, l.created_at
         from credit_ledger_entries l
         join client_packages cp on cp.id = l.client_package_id
         join session_packages sp on sp.id = cp.session_package_id
        where l.trainer_id = ? and cp.client_id = ?
        order by l.created_at desc, l.id desc`,
      [trainerIdOf(actor), client.id],
    );
    return rows.map(toLedgerLine);
  }

  /**
   * Inserts the ledger row first: its unique (booking_id, kind) index makes a concurrent second refund wait and
   * then do nothing (ON CONFLICT), without aborting the caller's transaction; only the winner adds the credit.
   */
  private async creditBack(
    em: EntityManager,
    actor: Actor,
    trainerId: string,
    packageId: string,
    bookingId: string,
    kind: CreditMovement.Refund | CreditMovement.Adjust,
    reason: string,
  ): Promise<boolean> {
    const inserted = await em.execute<Row[]>(
      `insert into credit_ledger_entries (id, trainer_id, client_package_id, booking_id, kind, delta, reason, created_by_id, system)
       values (gen_random_uuid(), ?, ?, ?, ?, 1, ?, ?, ?)
       on conflict on constraint credit_ledger_booking_kind_unique do nothing
       returning id`,
      [trainerId, packageId, bookingId.toLowerCase(), kind, reason.trim().slice(0, 500) || kind, this.userOf(actor), actor.kind === 'system'],
    );
    if (inserted.length !== 1) return false;
    await em.execute(`update client_packages set credits_remaining = credits_remaining + 1, updated_at = now() where id = ? and trainer_id = ?`, [packageId, trainerId]);
    return true;
  }

  private async consumedPackageOf(em: EntityManager, trainerId: string, bookingId: string): Promise<string | null> {
    if (typeof bookingId !== 'string' || !isUuid(bookingId)) return null;
    const [row] = await em.execute<Row[]>(
      `select client_package_id from credit_ledger_entries where booking_id = ? and trainer_id = ? and kind = 'consume'`,
      [bookingId.toLowerCase(), trainerId],
    );
    return row ? String(row.client_package_id) : null;
  }

  private async whyNotConsumed(em: EntityManager, trainerId: string, input: ConsumeInput): Promise<CreditError> {
    const [row] = await em.execute<Row[]>(
      `select cp.client_id, cp.credits_remaining, cp.expires_at, sp.name
         from client_packages cp join session_packages sp on sp.id = cp.session_package_id
        where cp.id = ? and cp.trainer_id = ?`,
      [input.clientPackageId.toLowerCase(), trainerId],
    );
    if (!row || String(row.client_id) !== input.clientId.toLowerCase()) return this.packageNotFound();
    const expiresAt = toDateOrNull(row.expires_at);
    if (expiresAt && expiresAt.getTime() <= input.at.getTime()) {
      const message = `The ${String(row.name)} package has expired.`;
      return new CreditError(CreditErrorCode.PackageExpired, message, { fields: { clientPackageId: [message] } });
    }
    const message = `No credits left on ${String(row.name)}.`;
    return new CreditError(CreditErrorCode.NoCreditLeft, message, { fields: { clientPackageId: [message] } });
  }

  private packageNotFound(): CreditError {
    return new CreditError(CreditErrorCode.PackageNotFound, 'That package doesn’t exist for this client.', {
      fields: { clientPackageId: ['Choose one of this client’s packages.'] },
    });
  }

  private userOf(actor: Actor): string | null {
    return actor.kind === 'user' && isUuid(actor.userId) ? actor.userId : null;
  }
}
