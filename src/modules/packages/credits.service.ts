import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { ClientsService } from '../clients/clients.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { CreditLedgerEntry, CreditMovement } from './credit-ledger-entry.entity.js';
import { CreditError, CreditErrorCode } from './credit.errors.js';
import { CreditsRepository } from './credits.repository.js';
import type { ConsumeInput, CreditBalance, LedgerLine, UsableCredit } from './credits.types.js';
import { isUuid } from '../../common/validation/validators.js';

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
    private readonly ledger: CreditsRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** The client's purchases a session can use at `at`: credits left, not expired; soonest expiry first. */
  async usableFor(actor: Actor, clientId: string, at: Date): Promise<UsableCredit[]> {
    const trainerId = trainerIdOf(actor);
    if (typeof clientId !== 'string' || !isUuid(clientId)) return [];
    return this.ledger.usable(trainerId, clientId.toLowerCase(), at);
  }

  /**
   * Takes one credit for a booking. The decrement is a single conditional UPDATE, so concurrent callers
   * serialise on the row and the loser sees credits_remaining = 0; the ledger row is unique per booking.
   */
  async consume(em: EntityManager, actor: Actor, input: ConsumeInput): Promise<void> {
    const trainerId = trainerIdOf(actor);
    if (!isUuid(input.clientPackageId) || !isUuid(input.clientId)) throw this.packageNotFound();
    const clientPackageId = input.clientPackageId.toLowerCase();
    const taken = await this.ledger.decrement(em, trainerId, input.clientId.toLowerCase(), clientPackageId, input.at);
    if (!taken) throw await this.whyNotConsumed(em, trainerId, input);
    const inserted = await this.ledger.insertForBooking(em, {
      trainerId,
      clientPackageId,
      bookingId: input.bookingId,
      kind: CreditMovement.Consume,
      delta: -1,
      reason: 'Session booked',
      createdById: this.userOf(actor),
      system: actor.kind === 'system',
    });
    // The decrement above is rolled back with the caller's transaction.
    if (!inserted) throw new CreditError(CreditErrorCode.AlreadyConsumed, 'This session already uses a credit.');
    await this.ledgerChanged(em, trainerId);
  }

  /** Gives back the credit a booking consumed, once. Returns false if there is nothing (more) to refund. */
  async refundForBooking(em: EntityManager, actor: Actor, bookingId: string, reason: string): Promise<boolean> {
    const trainerId = trainerIdOf(actor);
    if (typeof bookingId !== 'string' || !isUuid(bookingId)) return false;
    const packageId = await this.ledger.consumedPackageOf(em, trainerId, bookingId.toLowerCase());
    if (!packageId) return false;
    return this.creditBack(em, actor, trainerId, packageId, bookingId, CreditMovement.Refund, reason);
  }

  /**
   * One extra credit tied to a booking (a waived forfeit, a make-up credit), once per booking. It goes to the
   * purchase the booking used. Returns false when the booking used no package or already has its adjustment.
   */
  async adjustForBooking(em: EntityManager, actor: Actor, bookingId: string, reason: string): Promise<boolean> {
    const trainerId = trainerIdOf(actor);
    if (typeof bookingId !== 'string' || !isUuid(bookingId)) return false;
    const id = bookingId.toLowerCase();
    const packageId =
      (await this.ledger.consumedPackageOf(em, trainerId, id)) ??
      (await this.ledger.bookingPackageOf(em, trainerId, id));
    if (!packageId) return false;
    return this.creditBack(em, actor, trainerId, packageId, bookingId, CreditMovement.Adjust, reason);
  }

  /**
   * Writes off the credits left on every purchase whose expiry has passed at `at` (one `expire` row each, as
   * the system). Running it twice changes nothing the second time. Returns the number of purchases expired.
   */
  async expireDue(em: EntityManager, at: Date, trainerId?: string): Promise<number> {
    const expired = await this.ledger.expireDue(em, at, trainerId);
    // For every trainer at once the nightly rebuild that follows covers the days; one trainer's run says so here.
    if (expired > 0 && trainerId) await this.ledgerChanged(em, trainerId);
    return expired;
  }

  /** Every purchase of the client with its balance and what was received for it; newest purchase first. */
  async balancesFor(actor: Actor, clientId: string, at: Date = new Date()): Promise<CreditBalance[]> {
    const client = await this.clients.get(actor, clientId);
    return this.ledger.balances(trainerIdOf(actor), client.id, at);
  }

  /** Balances, ledger and the credits usable now, for the API's credits resource. */
  async creditsOf(
    actor: Actor,
    clientId: string,
  ): Promise<{ usable: number; balances: CreditBalance[]; ledger: LedgerLine[] }> {
    const balances = await this.balancesFor(actor, clientId);
    const ledger = await this.ledgerFor(actor, clientId);
    return {
      usable: balances.filter((b) => !b.expired).reduce((sum, b) => sum + b.creditsRemaining, 0),
      balances,
      ledger,
    };
  }

  /**
   * The credit movements already recorded for each of these bookings (refund, adjust, …), in one query: the
   * bookings module's waive rule depends on them. Unknown and other trainers' ids are simply absent.
   */
  async movementsForBookings(actor: Actor, bookingIds: readonly string[]): Promise<Map<string, Set<CreditMovement>>> {
    const ids = bookingIds.filter((id) => isUuid(id)).map((id) => id.toLowerCase());
    const movements = new Map<string, Set<CreditMovement>>();
    if (ids.length === 0) return movements;
    const rows = await this.em.find(
      CreditLedgerEntry,
      { trainer: trainerIdOf(actor), booking: { $in: ids } },
      { fields: ['kind', 'booking'], disableIdentityMap: true },
    );
    for (const row of rows) {
      const bookingId = row.booking?.id;
      if (!bookingId) continue;
      movements.set(bookingId, (movements.get(bookingId) ?? new Set<CreditMovement>()).add(row.kind));
    }
    return movements;
  }

  /** The client's full credit history, newest first. */
  async ledgerFor(actor: Actor, clientId: string): Promise<LedgerLine[]> {
    const client = await this.clients.get(actor, clientId);
    return this.ledger.ledger(trainerIdOf(actor), client.id);
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
    const inserted = await this.ledger.insertForBooking(em, {
      trainerId,
      clientPackageId: packageId,
      bookingId: bookingId.toLowerCase(),
      kind,
      delta: 1,
      reason: reason.trim().slice(0, 500) || kind,
      createdById: this.userOf(actor),
      system: actor.kind === 'system',
    });
    if (!inserted) return false;
    await this.ledger.increment(em, trainerId, packageId);
    // An adjustment is a gift and counts in no rollup; a refund gives back a consumed credit.
    if (kind === CreditMovement.Refund) await this.ledgerChanged(em, trainerId);
    return true;
  }

  /**
   * The rollups count a ledger row on the day it is written, so the day to refresh is today's; the outbox row
   * commits (or not) with the movement, in the caller's transaction.
   */
  private ledgerChanged(em: EntityManager, trainerId: string): Promise<void> {
    return this.outbox.rollupsChanged(em, trainerId, [new Date()]);
  }

  private async whyNotConsumed(em: EntityManager, trainerId: string, input: ConsumeInput): Promise<CreditError> {
    const state = await this.ledger.purchaseState(em, trainerId, input.clientPackageId.toLowerCase());
    if (!state || state.clientId !== input.clientId.toLowerCase()) return this.packageNotFound();
    if (state.expiresAt && state.expiresAt.getTime() <= input.at.getTime()) {
      const message = `The ${state.packageName} package has expired.`;
      return new CreditError(CreditErrorCode.PackageExpired, message, { fields: { clientPackageId: [message] } });
    }
    const message = `No credits left on ${state.packageName}.`;
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
