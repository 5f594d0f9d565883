import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formatMoney } from '../../common/time/format.js';
import { decodeCursor, invalidCursor, toPage, type Page } from '../../common/pagination/cursor.js';
import { ClientStatus } from '../clients/client.entity.js';
import { ClientsService } from '../clients/clients.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { Payment, PaymentKind, PaymentMethod } from './payment.entity.js';
import { PaymentError, PaymentErrorCode } from './payment.errors.js';
import { PaymentsRepository, type PaymentTotals } from './payments.repository.js';
import {
  PAYMENT_LIMITS,
  type CorrectionInput,
  type CreatePaymentInput,
  type PaymentChangeContext,
  type PaymentDue,
  type PaymentFilter,
  type PaymentFormContext,
  type PaymentView,
  type RefundInput,
} from './payments.types.js';
import { withLostReferences } from '../../database/lost-reference.js';
import { isUuid } from '../../common/validation/validators.js';

type Fields = Record<string, string[]>;

function invalid(fields: Fields): PaymentError {
  return new PaymentError(PaymentErrorCode.Invalid, Object.values(fields)[0]?.[0] ?? 'Some details need attention.', {
    fields,
  });
}

function amountProblem(amountMinor: number, min: number): boolean {
  return !Number.isInteger(amountMinor) || amountMinor < min || amountMinor > PAYMENT_LIMITS.amountMaxMinor;
}

/**
 * Money received and given back. A payment may settle a purchase sold "pays later" or a pay-per-session
 * session; either is marked paid once what was received for it covers the price. Refunds and corrections are
 * rows of their own pointing at the payment they change; history is never edited. Every id is checked against
 * the actor's trainer (and, from the web, the client in the URL).
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clients: ClientsService,
    private readonly payments: PaymentsRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Newest first, keyset-paginated on (paid_at, id). Refunds and corrections are listed as rows too. */
  async list(actor: Actor, filter: PaymentFilter): Promise<Page<PaymentView>> {
    const trainerId = trainerIdOf(actor);
    if (filter.clientId !== undefined && !isUuid(filter.clientId)) return { items: [], nextCursor: null };
    let before: { paidAt: Date; id: string } | undefined;
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      const paidAt = new Date(after.value);
      if (Number.isNaN(paidAt.getTime())) throw invalidCursor();
      before = { paidAt, id: after.id };
    }
    const rows = await this.payments.list({
      trainerId,
      clientId: filter.clientId?.toLowerCase(),
      from: filter.from,
      to: filter.to,
      before,
      limit: filter.limit + 1,
    });
    return toPage(rows, filter.limit, (row) => ({ value: row.paidAt.toISOString(), id: row.id }));
  }

  async get(actor: Actor, id: string): Promise<PaymentView> {
    const [row] = isUuid(id)
      ? await this.payments.list({ trainerId: trainerIdOf(actor), id: id.toLowerCase(), limit: 1 })
      : [];
    if (!row) throw this.paymentNotFound();
    return row;
  }

  /** The client's payment history (payments, refunds, corrections), newest first. */
  async historyFor(actor: Actor, clientId: string): Promise<PaymentView[]> {
    const client = await this.clients.get(actor, clientId);
    return this.payments.list({
      trainerId: trainerIdOf(actor),
      clientId: client.id,
      limit: PAYMENT_LIMITS.historyRows,
    });
  }

  /** What the client still owes for, oldest first. */
  async duesFor(actor: Actor, clientId: string): Promise<PaymentDue[]> {
    const client = await this.clients.get(actor, clientId);
    return this.payments.duesFor(trainerIdOf(actor), client.id);
  }

  /** The "Record payment" form: the client, what they owe and the trainer's currency. */
  async paymentForm(actor: Actor, clientId: string): Promise<PaymentFormContext> {
    const client = await this.clients.get(actor, clientId);
    const [dues, trainer] = await Promise.all([
      this.payments.duesFor(trainerIdOf(actor), client.id),
      this.trainerOf(actor),
    ]);
    return {
      client: { id: client.id, name: client.name, archived: client.status === ClientStatus.Archived },
      currency: trainer.currency,
      dues,
      owedMinor: dues.reduce((sum, due) => sum + due.dueMinor, 0),
    };
  }

  /** The refund or correction form: one payment of this client, and what can still be refunded of it. */
  async changeForm(actor: Actor, clientId: string, paymentId: string): Promise<PaymentChangeContext> {
    const client = await this.clients.get(actor, clientId);
    const payment = await this.get(actor, paymentId);
    if (payment.clientId !== client.id || payment.kind !== PaymentKind.Payment) throw this.paymentNotFound();
    return {
      client: { id: client.id, name: client.name },
      payment,
      refundableMinor: (payment.receivedMinor ?? 0) - (payment.refundedMinor ?? 0),
    };
  }

  /** Records a payment; in the same transaction marks the purchase or session paid when it is now covered. */
  async create(actor: Actor, input: CreatePaymentInput): Promise<PaymentView> {
    const trainerId = trainerIdOf(actor);
    this.validate(input);
    const client = await this.clientOf(actor, input.clientId);
    const purchaseId = input.purchaseId ? await this.purchaseOf(trainerId, client.id, input.purchaseId) : null;
    const bookingId = input.bookingId ? await this.bookingOf(trainerId, client.id, input.bookingId) : null;
    const trainer = await this.trainerOf(actor);
    const paidAt = input.paidAt ?? new Date();
    const write = () =>
      this.em.transactional(async (em) => {
        if (purchaseId) await this.payments.lockPurchase(purchaseId, em);
        if (bookingId) await this.payments.lockBooking(bookingId, em);
        const payment = em.create(Payment, {
          trainer: trainerId,
          client: client.id,
          kind: PaymentKind.Payment,
          amountMinor: input.amountMinor,
          currency: trainer.currency,
          method: input.method,
          paidAt,
          clientPackage: purchaseId,
          booking: bookingId,
          note: input.note?.trim() || null,
        });
        await em.flush();
        // The revenue of the payment's local day, recomputed by the worker once this commits.
        await this.outbox.rollupsChanged(em, trainerId, [paidAt]);
        if (purchaseId) await this.payments.markPurchasePaidIfCovered(purchaseId, em);
        if (bookingId) await this.payments.markBookingPaidIfCovered(bookingId, em);
        return payment.id;
      });
    // The client, purchase or session may be deleted between the checks above and this write: 404, not 500.
    const id = await withLostReferences(write, (constraint) => this.lostReference(constraint));
    return this.get(actor, id);
  }

  /**
   * Gives money back against a payment: a negative row of kind refund, at most what the payment still counts
   * for. The purchase or session it paid for stays paid: a refund is the trainer's choice, not a new debt.
   */
  async refund(actor: Actor, paymentId: string, input: RefundInput, clientId?: string): Promise<PaymentView> {
    const fields: Fields = {};
    if (amountProblem(input.amountMinor, 1)) fields.amountMinor = ['Enter an amount above zero.'];
    if (input.method !== undefined && !Object.values(PaymentMethod).includes(input.method))
      fields.method = ['Choose cash, card, transfer or other.'];
    if (input.paidAt && Number.isNaN(input.paidAt.getTime())) fields.paidAt = ['Enter a valid date.'];
    if (input.note && input.note.length > PAYMENT_LIMITS.note)
      fields.note = [`Keep the note under ${PAYMENT_LIMITS.note} characters.`];
    if (Object.keys(fields).length > 0) throw invalid(fields);
    const id = await this.em.transactional(async (em) => {
      const original = await this.lockOriginal(actor, paymentId, em, clientId);
      const refundable = original.receivedMinor - original.refundedMinor;
      if (refundable <= 0) throw invalid({ amountMinor: ['Nothing is left to refund on this payment.'] });
      if (input.amountMinor > refundable)
        throw invalid({
          amountMinor: [`Refund at most ${formatMoney(refundable, original.currency)}, what is left of this payment.`],
        });
      const paidAt = input.paidAt ?? new Date();
      await this.outbox.rollupsChanged(em, original.trainerId, [paidAt]);
      return this.insertChange(em, original, PaymentKind.Refund, -input.amountMinor, {
        method: input.method ?? original.method,
        paidAt,
        note: input.note?.trim() || null,
      });
    });
    return this.get(actor, id);
  }

  /**
   * Puts a recording mistake right: a row of kind correction for the difference between what the payment
   * counts for and what was really received. The purchase or session is re-judged paid or not on the new sum.
   */
  async correct(actor: Actor, paymentId: string, input: CorrectionInput, clientId?: string): Promise<PaymentView> {
    const fields: Fields = {};
    if (amountProblem(input.amountMinor, 0)) fields.amountMinor = ['Enter the amount actually received, zero or more.'];
    const note = typeof input.note === 'string' ? input.note.trim() : '';
    if (note === '') fields.note = ['Say what was wrong, for your records.'];
    else if (note.length > PAYMENT_LIMITS.note)
      fields.note = [`Keep the note under ${PAYMENT_LIMITS.note} characters.`];
    if (Object.keys(fields).length > 0) throw invalid(fields);
    const id = await this.em.transactional(async (em) => {
      const original = await this.lockOriginal(actor, paymentId, em, clientId);
      const delta = input.amountMinor - original.receivedMinor;
      if (delta === 0) throw invalid({ amountMinor: ['That is already the amount on record.'] });
      if (input.amountMinor < original.refundedMinor)
        throw invalid({ amountMinor: ['More than that has been refunded already.'] });
      if (original.purchaseId) await this.payments.lockPurchase(original.purchaseId, em);
      if (original.bookingId) await this.payments.lockBooking(original.bookingId, em);
      const paidAt = new Date();
      await this.outbox.rollupsChanged(em, original.trainerId, [paidAt]);
      const changeId = await this.insertChange(em, original, PaymentKind.Correction, delta, {
        method: original.method,
        paidAt,
        note,
      });
      if (original.purchaseId) await this.payments.rejudgePurchasePaid(original.purchaseId, em);
      if (original.bookingId) await this.payments.rejudgeBookingPaid(original.bookingId, em);
      return changeId;
    });
    return this.get(actor, id);
  }

  /** The original payment, locked; a refund or correction, another client's (from the web) or another trainer's reads as missing. */
  private async lockOriginal(
    actor: Actor,
    paymentId: string,
    em: EntityManager,
    clientId?: string,
  ): Promise<PaymentTotals> {
    const original = isUuid(paymentId)
      ? await this.payments.lockTotals(trainerIdOf(actor), paymentId.toLowerCase(), em)
      : null;
    if (!original || original.kind !== PaymentKind.Payment) throw this.paymentNotFound();
    if (clientId !== undefined && (!isUuid(clientId) || clientId.toLowerCase() !== original.clientId))
      throw this.paymentNotFound();
    return original;
  }

  /** A refund or correction copies the payment's client, purchase, session and currency, so every sum by them nets out. */
  private async insertChange(
    em: EntityManager,
    original: PaymentTotals,
    kind: PaymentKind,
    amountMinor: number,
    rest: { method: PaymentMethod; paidAt: Date; note: string | null },
  ): Promise<string> {
    const row = em.create(Payment, {
      trainer: original.trainerId,
      client: original.clientId,
      kind,
      originalPayment: original.id,
      amountMinor,
      currency: original.currency,
      method: rest.method,
      paidAt: rest.paidAt,
      clientPackage: original.purchaseId,
      booking: original.bookingId,
      note: rest.note,
    });
    await em.flush();
    return row.id;
  }

  private trainerOf(actor: Actor): Promise<Trainer> {
    return this.em.findOneOrFail(Trainer, { id: trainerIdOf(actor) });
  }

  private paymentNotFound(): DomainError {
    return new DomainError('payment_not_found', 'not_found', 'That payment doesn’t exist.');
  }

  private lostReference(constraint: string): PaymentError {
    this.em.clear();
    if (constraint.includes('client_package')) {
      return new PaymentError(PaymentErrorCode.PurchaseNotFound, 'That purchase doesn’t exist for this client.', {
        fields: { purchaseId: ['Choose one of this client’s purchases.'] },
      });
    }
    if (constraint.includes('booking')) {
      return new PaymentError(PaymentErrorCode.BookingNotFound, 'That session doesn’t exist for this client.', {
        fields: { bookingId: ['Choose one of this client’s sessions.'] },
      });
    }
    return new PaymentError(PaymentErrorCode.ClientNotFound, 'That client doesn’t exist.', {
      fields: { clientId: ['Choose one of your clients.'] },
    });
  }

  private validate(input: CreatePaymentInput): void {
    const fields: Fields = {};
    if (amountProblem(input.amountMinor, 1)) fields.amountMinor = ['Enter an amount above zero.'];
    if (!Object.values(PaymentMethod).includes(input.method)) fields.method = ['Choose cash, card, transfer or other.'];
    if (input.paidAt && Number.isNaN(input.paidAt.getTime())) fields.paidAt = ['Enter a valid date.'];
    if (input.purchaseId && input.bookingId)
      fields.purchaseId = ['A payment settles a purchase or a session, not both.'];
    if (input.note && input.note.length > PAYMENT_LIMITS.note)
      fields.note = [`Keep the note under ${PAYMENT_LIMITS.note} characters.`];
    if (Object.keys(fields).length > 0)
      throw new PaymentError(PaymentErrorCode.Invalid, 'Some details need attention.', { fields });
  }

  private async clientOf(actor: Actor, clientId: string) {
    try {
      return await this.clients.get(actor, clientId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') {
        throw new PaymentError(PaymentErrorCode.ClientNotFound, 'That client doesn’t exist.', {
          fields: { clientId: ['Choose one of your clients.'] },
        });
      }
      throw error;
    }
  }

  private async purchaseOf(trainerId: string, clientId: string, purchaseId: string): Promise<string> {
    const id = isUuid(purchaseId)
      ? await this.payments.purchaseIdOf(trainerId, clientId, purchaseId.toLowerCase())
      : null;
    if (!id)
      throw new PaymentError(PaymentErrorCode.PurchaseNotFound, 'That purchase doesn’t exist for this client.', {
        fields: { purchaseId: ['Choose one of this client’s purchases.'] },
      });
    return id;
  }

  private async bookingOf(trainerId: string, clientId: string, bookingId: string): Promise<string> {
    const id = isUuid(bookingId) ? await this.payments.bookingIdOf(trainerId, clientId, bookingId.toLowerCase()) : null;
    if (!id)
      throw new PaymentError(PaymentErrorCode.BookingNotFound, 'That session doesn’t exist for this client.', {
        fields: { bookingId: ['Choose one of this client’s sessions.'] },
      });
    return id;
  }
}
