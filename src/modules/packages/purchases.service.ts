import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ClientStatus, type Client } from '../clients/client.entity.js';
import { ClientsService } from '../clients/clients.service.js';
import { Payment, PaymentMethod } from '../payments/payment.entity.js';
import { PaymentsService } from '../payments/payments.service.js';
import type { PaymentDue, PaymentView } from '../payments/payments.types.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { ClientPackage } from './client-package.entity.js';
import { CreditLedgerEntry, CreditMovement } from './credit-ledger-entry.entity.js';
import type { CreditBalance, LedgerLine } from './credits.types.js';
import { CreditsService } from './credits.service.js';
import { expiryFor } from './expiry.rules.js';
import { PackageError, PackageErrorCode } from './package.errors.js';
import { PACKAGE_LIMITS, type SaleResult, type SellFormContext, type SellInput } from './packages.types.js';
import { PackagesService } from './packages.service.js';
import { PurchasesRepository } from './purchases.repository.js';
import { creditRunway, RUNWAY_WINDOW_DAYS, type Runway } from './runway.rules.js';
import { withLostReferences } from '../../database/lost-reference.js';
import { OutboxService } from '../outbox/outbox.service.js';

/** Everything the client page shows about packages and money. */
export interface ClientCreditsSummary {
  client: Client;
  balances: CreditBalance[];
  ledger: LedgerLine[];
  payments: PaymentView[];
  /** What is owed, item by item (each can be settled from the page). */
  dues: PaymentDue[];
  /** Unpaid purchases plus completed pay-per-session sessions not paid, minus what was paid towards them. */
  owedMinor: number;
  currency: string;
  runway: Runway;
}

/** Selling packages to clients, and the client's packages-and-money read model. */
@Injectable()
export class PurchasesService {
  constructor(
    private readonly em: EntityManager,
    private readonly clients: ClientsService,
    private readonly packages: PackagesService,
    private readonly credits: CreditsService,
    private readonly payments: PaymentsService,
    private readonly purchases: PurchasesRepository,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * One transaction: the purchase (credits = sessions, expiry at the end of the last valid local day), its
   * `grant` ledger row, and the payment when paid now and the price is above zero.
   */
  async sell(actor: Actor, clientId: string, input: SellInput): Promise<SaleResult> {
    const trainerId = trainerIdOf(actor);
    const client = await this.clients.get(actor, clientId);
    const pkg = await this.packageFor(actor, input.packageId);
    const fields: Record<string, string[]> = {};
    if (client.status === ClientStatus.Archived)
      fields.clientId = ['This client is archived. Unarchive them to sell a package.'];
    if (!pkg.active) fields.packageId = [`${pkg.name} is inactive. Activate it to sell it.`];
    const price = input.priceMinor ?? pkg.priceMinor;
    if (!Number.isInteger(price) || price < 0 || price > PACKAGE_LIMITS.priceMaxMinor)
      fields.priceMinor = ['Enter a price of zero or more.'];
    const method = input.paymentMethod ?? PaymentMethod.Cash;
    if (!Object.values(PaymentMethod).includes(method))
      fields.paymentMethod = ['Choose cash, card, transfer or other.'];
    if (input.paidAt && Number.isNaN(input.paidAt.getTime())) fields.paidAt = ['Enter a valid date.'];
    if (Object.keys(fields).length > 0) {
      const code = fields.clientId
        ? PackageErrorCode.ClientArchived
        : fields.packageId
          ? PackageErrorCode.Inactive
          : PackageErrorCode.InvalidSale;
      throw new PackageError(code, Object.values(fields)[0]?.[0] ?? 'Some details need attention.', { fields });
    }
    const trainer = await this.em.findOneOrFail(Trainer, { id: trainerId });
    const now = new Date();
    const payNow = input.paid !== false && price > 0;
    const write = () =>
      this.em.transactional(async (em) => {
        const purchase = em.create(ClientPackage, {
          trainer,
          client,
          sessionPackage: pkg,
          pricePaidMinor: price,
          currency: trainer.currency,
          creditsGranted: pkg.sessionCount,
          creditsRemaining: pkg.sessionCount,
          purchasedAt: now,
          expiresAt: expiryFor(now, pkg.validityDays, trainer.timeZone),
          paid: price === 0 || input.paid !== false,
        });
        em.create(CreditLedgerEntry, {
          trainer,
          clientPackage: purchase,
          kind: CreditMovement.Grant,
          delta: pkg.sessionCount,
          reason: `Bought ${pkg.name}`,
          createdBy: actor.kind === 'user' ? actor.userId : null,
          system: actor.kind === 'system',
        });
        const payment = payNow
          ? em.create(Payment, {
              trainer,
              client,
              amountMinor: price,
              currency: trainer.currency,
              method,
              paidAt: input.paidAt ?? now,
              clientPackage: purchase,
            })
          : null;
        await em.flush();
        // Credits sold and revenue count on the sale's (and the payment's) local day: refresh it with the sale.
        await this.outbox.rollupsChanged(em, trainerId, payment ? [now, payment.paidAt] : [now]);
        return { purchase, payment };
      });
    // The client or package may be deleted between the checks above and this write: the foreign keys answer 404.
    return withLostReferences(write, (constraint) => this.lostReference(constraint));
  }

  private lostReference(constraint: string): DomainError {
    this.em.clear();
    if (constraint.includes('session_package')) {
      return new PackageError(PackageErrorCode.NotFound, 'That package doesn’t exist.', {
        fields: { packageId: ['Choose one of your packages.'] },
      });
    }
    return new DomainError('not_found', 'not_found', 'This client doesn’t exist, or isn’t one of yours.');
  }

  /** The client's purchases with balances, newest first. */
  listForClient(actor: Actor, clientId: string): Promise<CreditBalance[]> {
    return this.credits.balancesFor(actor, clientId);
  }

  /** The client page's packages section: balances, ledger, payment history, what is owed and the credit runway. */
  async clientCreditsSummary(actor: Actor, clientId: string, now: Date = new Date()): Promise<ClientCreditsSummary> {
    const client = await this.clients.get(actor, clientId);
    const trainerId = trainerIdOf(actor);
    const windowStart = new Date(now.getTime() - RUNWAY_WINDOW_DAYS * 86_400_000);
    const [balances, ledger, payments, dues, pace, trainer] = await Promise.all([
      this.credits.balancesFor(actor, client.id, now),
      this.credits.ledgerFor(actor, client.id),
      this.payments.historyFor(actor, client.id),
      this.payments.duesFor(actor, client.id),
      this.purchases.paceOf(trainerId, client.id, windowStart, now),
      this.em.findOneOrFail(Trainer, { id: trainerId }),
    ]);
    // Sessions already booked have taken their credit; the forecast starts after the last of them.
    const from = pace.lastBooked && pace.lastBooked > now ? pace.lastBooked : now;
    const runway = creditRunway(
      balances.filter((b) => !b.expired).map((b) => ({ remaining: b.creditsRemaining, expiresAt: b.expiresAt })),
      pace.recent,
      from,
    );
    return {
      client,
      balances,
      ledger,
      payments,
      dues,
      owedMinor: dues.reduce((sum, due) => sum + due.dueMinor, 0),
      currency: trainer.currency,
      runway,
    };
  }

  /** The sell form's choices: active clients and active packages, in natural order. */
  async sellForm(actor: Actor): Promise<SellFormContext> {
    const [clients, packages] = await Promise.all([
      this.clients.listActiveForSelect(actor),
      this.packages.list(actor, { activeOnly: true }),
    ]);
    return { clients, packages };
  }

  /** A package of the actor's, reported against the form's packageId field when missing. */
  private async packageFor(actor: Actor, packageId: string) {
    try {
      return await this.packages.get(actor, packageId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') {
        throw new PackageError(PackageErrorCode.NotFound, 'That package doesn’t exist.', {
          fields: { packageId: ['Choose one of your packages.'] },
        });
      }
      throw error;
    }
  }
}
