import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, invalidCursor, toPage, type Page } from '../../common/pagination/cursor.js';
import { ClientsService } from '../clients/clients.service.js';
import { Trainer } from '../trainers/trainer.entity.js';
import { Payment, PaymentMethod } from './payment.entity.js';
import { PaymentError, PaymentErrorCode } from './payment.errors.js';
import { PAYMENT_LIMITS, type CreatePaymentInput, type PaymentFilter, type PaymentView } from './payments.types.js';
import { withLostReferences } from '../../database/lost-reference.js';
import { isUuid } from '../../common/validation/validators.js';

type Row = Record<string, unknown>;

const VIEW_COLUMNS = `p.id, p.client_id, c.name as client_name, p.amount_minor, p.currency, p.method, p.paid_at, p.client_package_id,
  sp.name as package_name, p.booking_id, p.note`;
const VIEW_FROM = `payments p join clients c on c.id = p.client_id
  left join client_packages cp on cp.id = p.client_package_id left join session_packages sp on sp.id = cp.session_package_id`;

export function toPaymentView(row: Row): PaymentView {
  return {
    id: String(row.id),
    clientId: String(row.client_id),
    clientName: String(row.client_name),
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    method: row.method as PaymentMethod,
    paidAt: new Date(row.paid_at as string | Date),
    purchaseId: row.client_package_id ? String(row.client_package_id) : null,
    packageName: row.package_name ? String(row.package_name) : null,
    bookingId: row.booking_id ? String(row.booking_id) : null,
    note: row.note ? String(row.note) : null,
  };
}

/**
 * Money received. A payment may settle a purchase sold "paid later" or a pay-per-session booking; either is
 * marked paid once its payments cover the price. Every id is checked against the actor's trainer and client.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clients: ClientsService,
  ) {}

  /** Newest first, keyset-paginated on (paid_at, id). */
  async list(actor: Actor, filter: PaymentFilter): Promise<Page<PaymentView>> {
    const clauses = ['p.trainer_id = ?'];
    const params: unknown[] = [trainerIdOf(actor)];
    if (filter.clientId !== undefined) {
      if (!isUuid(filter.clientId)) return { items: [], nextCursor: null };
      clauses.push('p.client_id = ?');
      params.push(filter.clientId.toLowerCase());
    }
    if (filter.from) {
      clauses.push('p.paid_at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      clauses.push('p.paid_at < ?');
      params.push(filter.to);
    }
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      const at = new Date(after.value);
      if (Number.isNaN(at.getTime())) throw invalidCursor();
      clauses.push('(p.paid_at, p.id) < (?, ?::uuid)');
      params.push(at, after.id);
    }
    params.push(filter.limit + 1);
    const rows = await this.em.execute<Row[]>(
      `select ${VIEW_COLUMNS} from ${VIEW_FROM} where ${clauses.join(' and ')} order by p.paid_at desc, p.id desc limit ?`,
      params,
    );
    return toPage(rows.map(toPaymentView), filter.limit, (row) => ({ value: row.paidAt.toISOString(), id: row.id }));
  }

  async get(actor: Actor, id: string): Promise<PaymentView> {
    if (!isUuid(id)) throw new DomainError('payment_not_found', 'not_found', 'That payment doesn’t exist.');
    const [row] = await this.em.execute<Row[]>(`select ${VIEW_COLUMNS} from ${VIEW_FROM} where p.id = ? and p.trainer_id = ?`, [id.toLowerCase(), trainerIdOf(actor)]);
    if (!row) throw new DomainError('payment_not_found', 'not_found', 'That payment doesn’t exist.');
    return toPaymentView(row);
  }

  /** Records a payment; in the same transaction marks the purchase or booking paid when it is now covered. */
  async create(actor: Actor, input: CreatePaymentInput): Promise<PaymentView> {
    const trainerId = trainerIdOf(actor);
    this.validate(input);
    const client = await this.clientOf(actor, input.clientId);
    const purchaseId = input.purchaseId ? await this.purchaseOf(trainerId, client.id, input.purchaseId) : null;
    const bookingId = input.bookingId ? await this.bookingOf(trainerId, client.id, input.bookingId) : null;
    const trainer = await this.em.findOneOrFail(Trainer, { id: trainerId });
    const write = () =>
      this.em.transactional(async (em) => {
        // Serialise payments against the same purchase or session, so "covered" is judged on committed sums.
        if (purchaseId) await em.execute(`select id from client_packages where id = ? for update`, [purchaseId]);
        if (bookingId) await em.execute(`select id from bookings where id = ? for update`, [bookingId]);
        const payment = em.create(Payment, {
          trainer: trainerId,
          client: client.id,
          amountMinor: input.amountMinor,
          currency: trainer.currency,
          method: input.method,
          paidAt: input.paidAt ?? new Date(),
          clientPackage: purchaseId,
          booking: bookingId,
          note: input.note?.trim() || null,
        });
        await em.flush();
        if (purchaseId) {
          await em.execute(
            `update client_packages cp set paid = true, updated_at = now()
              where cp.id = ? and not cp.paid
                and (select coalesce(sum(amount_minor), 0) from payments where client_package_id = cp.id) >= cp.price_paid_minor`,
            [purchaseId],
          );
        }
        if (bookingId) {
          await em.execute(
            `update bookings b set paid = true, updated_at = now()
              where b.id = ? and not b.paid
                and (select coalesce(sum(amount_minor), 0) from payments where booking_id = b.id) >= coalesce(b.price_minor, 0)`,
            [bookingId],
          );
        }
        return payment.id;
      });
    // The client, purchase or session may be deleted between the checks above and this write: 404, not 500.
    const id = await withLostReferences(write, (constraint) => this.lostReference(constraint));
    return this.get(actor, id);
  }

  private lostReference(constraint: string): PaymentError {
    this.em.clear();
    if (constraint.includes('client_package')) {
      return new PaymentError(PaymentErrorCode.PurchaseNotFound, 'That purchase doesn’t exist for this client.', { fields: { purchaseId: ['Choose one of this client’s purchases.'] } });
    }
    if (constraint.includes('booking')) {
      return new PaymentError(PaymentErrorCode.BookingNotFound, 'That session doesn’t exist for this client.', { fields: { bookingId: ['Choose one of this client’s sessions.'] } });
    }
    return new PaymentError(PaymentErrorCode.ClientNotFound, 'That client doesn’t exist.', { fields: { clientId: ['Choose one of your clients.'] } });
  }

  private validate(input: CreatePaymentInput): void {
    const fields: Record<string, string[]> = {};
    if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > PAYMENT_LIMITS.amountMaxMinor) {
      fields.amountMinor = ['Enter an amount above zero.'];
    }
    if (!Object.values(PaymentMethod).includes(input.method)) fields.method = ['Choose cash, card, transfer or other.'];
    if (input.paidAt && Number.isNaN(input.paidAt.getTime())) fields.paidAt = ['Enter a valid date.'];
    if (input.purchaseId && input.bookingId) fields.purchaseId = ['A payment settles a purchase or a session, not both.'];
    if (input.note && input.note.length > PAYMENT_LIMITS.note) fields.note = [`Keep the note under ${PAYMENT_LIMITS.note} characters.`];
    if (Object.keys(fields).length > 0) throw new PaymentError(PaymentErrorCode.Invalid, 'Some details need attention.', { fields });
  }

  private async clientOf(actor: Actor, clientId: string) {
    try {
      return await this.clients.get(actor, clientId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') {
        throw new PaymentError(PaymentErrorCode.ClientNotFound, 'That client doesn’t exist.', { fields: { clientId: ['Choose one of your clients.'] } });
      }
      throw error;
    }
  }

  private async purchaseOf(trainerId: string, clientId: string, purchaseId: string): Promise<string> {
    const [row] = isUuid(purchaseId)
      ? await this.em.execute<Row[]>(`select id from client_packages where id = ? and trainer_id = ? and client_id = ?`, [purchaseId.toLowerCase(), trainerId, clientId])
      : [];
    if (!row) throw new PaymentError(PaymentErrorCode.PurchaseNotFound, 'That purchase doesn’t exist for this client.', { fields: { purchaseId: ['Choose one of this client’s purchases.'] } });
    return String(row.id);
  }

  private async bookingOf(trainerId: string, clientId: string, bookingId: string): Promise<string> {
    const [row] = isUuid(bookingId)
      ? await this.em.execute<Row[]>(`select id from bookings where id = ? and trainer_id = ? and client_id = ?`, [bookingId.toLowerCase(), trainerId, clientId])
      : [];
    if (!row) throw new PaymentError(PaymentErrorCode.BookingNotFound, 'That session doesn’t exist for this client.', { fields: { bookingId: ['Choose one of this client’s sessions.'] } });
    return String(row.id);
  }
}
