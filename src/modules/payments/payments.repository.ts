import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PaymentKind, PaymentMethod } from './payment.entity.js';
import type { PaymentDue, PaymentView } from './payments.types.js';

/** pg hands int8 (counts, sums over many rows) and timestamptz back as text; the rows say so. */
type Int8 = string;
type Timestamp = string;

interface PaymentRow {
  id: string;
  kind: PaymentKind;
  original_payment_id: string | null;
  client_id: string;
  client_name: string;
  amount_minor: number;
  currency: string;
  method: PaymentMethod;
  paid_at: Timestamp;
  client_package_id: string | null;
  package_name: string | null;
  booking_id: string | null;
  note: string | null;
  received_minor: number | null;
  refunded_minor: number | null;
}

interface DueRow {
  kind: 'purchase' | 'booking';
  id: string;
  package_name: string | null;
  at: Timestamp;
  price_minor: number;
  due_minor: Int8;
}

/** What a payment counts for now, read under its row lock. */
export interface PaymentTotals {
  id: string;
  kind: PaymentKind;
  trainerId: string;
  clientId: string;
  purchaseId: string | null;
  bookingId: string | null;
  method: PaymentMethod;
  currency: string;
  receivedMinor: number;
  refundedMinor: number;
}

interface TotalsRow {
  id: string;
  kind: PaymentKind;
  trainer_id: string;
  client_id: string;
  client_package_id: string | null;
  booking_id: string | null;
  method: PaymentMethod;
  currency: string;
  received_minor: number;
  refunded_minor: number;
}

export interface PaymentListWhere {
  trainerId: string;
  clientId?: string;
  id?: string;
  from?: Date;
  to?: Date;
  before?: { paidAt: Date; id: string };
  limit: number;
}

/**
 * Received and refunded per payment: a payment's amount plus its corrections, and minus its refunds. Both stay
 * within one payment's bounds (at most the largest amount allowed), so int is wide enough.
 */
const TOTALS = `left join lateral (
    select coalesce(sum(ch.amount_minor) filter (where ch.kind = 'correction'), 0)::int as corrected,
           coalesce(-sum(ch.amount_minor) filter (where ch.kind = 'refund'), 0)::int as refunded
      from payments ch where ch.original_payment_id = p.id
  ) t on p.kind = 'payment'`;

const VIEW = `select p.id, p.kind, p.original_payment_id, p.client_id, c.name as client_name, p.amount_minor, p.currency, p.method,
         p.paid_at, p.client_package_id, sp.name as package_name, p.booking_id, p.note,
         case when p.kind = 'payment' then (p.amount_minor + t.corrected)::int end as received_minor,
         case when p.kind = 'payment' then t.refunded end as refunded_minor
    from payments p join clients c on c.id = p.client_id
    left join client_packages cp on cp.id = p.client_package_id
    left join session_packages sp on sp.id = cp.session_package_id
    ${TOTALS}`;

/** Money towards a purchase or session: payments and corrections; refunds give money back without reopening a debt. */
const COVERED = (column: 'client_package_id' | 'booking_id', owner: string) =>
  `coalesce((select sum(pm.amount_minor) from payments pm where pm.${column} = ${owner} and pm.kind <> 'refund'), 0)`;

function toView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    kind: row.kind,
    originalPaymentId: row.original_payment_id,
    clientId: row.client_id,
    clientName: row.client_name,
    amountMinor: row.amount_minor,
    currency: row.currency,
    method: row.method,
    paidAt: new Date(row.paid_at),
    purchaseId: row.client_package_id,
    packageName: row.package_name,
    bookingId: row.booking_id,
    note: row.note,
    receivedMinor: row.received_minor,
    refundedMinor: row.refunded_minor,
  };
}

/**
 * The payments table's SQL. Every method runs on the EntityManager it is given (default: the request's), so a
 * service inside `em.transactional(em => …)` passes that `em` and the query joins its transaction.
 */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Newest first on (paid_at, id), the keyset the API's cursor walks. */
  async list(where: PaymentListWhere, em: EntityManager = this.em): Promise<PaymentView[]> {
    const clauses = ['p.trainer_id = ?'];
    const params: unknown[] = [where.trainerId];
    if (where.id !== undefined) {
      clauses.push('p.id = ?');
      params.push(where.id);
    }
    if (where.clientId !== undefined) {
      clauses.push('p.client_id = ?');
      params.push(where.clientId);
    }
    if (where.from) {
      clauses.push('p.paid_at >= ?');
      params.push(where.from);
    }
    if (where.to) {
      clauses.push('p.paid_at < ?');
      params.push(where.to);
    }
    if (where.before) {
      clauses.push('(p.paid_at, p.id) < (?, ?::uuid)');
      params.push(where.before.paidAt, where.before.id);
    }
    params.push(where.limit);
    const rows = await em.execute<PaymentRow[]>(
      `${VIEW} where ${clauses.join(' and ')} order by p.paid_at desc, p.id desc limit ?`,
      params,
    );
    return rows.map(toView);
  }

  /** The id if the purchase is this trainer's client's. */
  async purchaseIdOf(
    trainerId: string,
    clientId: string,
    purchaseId: string,
    em: EntityManager = this.em,
  ): Promise<string | null> {
    const [row] = await em.execute<Array<{ id: string }>>(
      `select id from client_packages where id = ? and trainer_id = ? and client_id = ?`,
      [purchaseId, trainerId, clientId],
    );
    return row?.id ?? null;
  }

  /** The id if the session is this trainer's client's. */
  async bookingIdOf(
    trainerId: string,
    clientId: string,
    bookingId: string,
    em: EntityManager = this.em,
  ): Promise<string | null> {
    const [row] = await em.execute<Array<{ id: string }>>(
      `select id from bookings where id = ? and trainer_id = ? and client_id = ?`,
      [bookingId, trainerId, clientId],
    );
    return row?.id ?? null;
  }

  /** Row locks that serialise payments against one purchase or session, so "covered" is judged on committed sums. */
  async lockPurchase(purchaseId: string, em: EntityManager): Promise<void> {
    await em.execute(`select id from client_packages where id = ? for update`, [purchaseId]);
  }

  async lockBooking(bookingId: string, em: EntityManager): Promise<void> {
    await em.execute(`select id from bookings where id = ? for update`, [bookingId]);
  }

  /**
   * Locks the payment row (refunds and corrections of one payment queue behind each other) and reads what it
   * counts for now. Another trainer's payment reads as missing.
   */
  async lockTotals(trainerId: string, paymentId: string, em: EntityManager): Promise<PaymentTotals | null> {
    const [locked] = await em.execute<Array<{ id: string }>>(
      `select id from payments where id = ? and trainer_id = ? for update`,
      [paymentId, trainerId],
    );
    if (!locked) return null;
    const [row] = await em.execute<TotalsRow[]>(
      `select p.id, p.kind, p.trainer_id, p.client_id, p.client_package_id, p.booking_id, p.method, p.currency,
              (p.amount_minor + t.corrected)::int as received_minor, t.refunded as refunded_minor
         from payments p ${TOTALS.replace("on p.kind = 'payment'", 'on true')}
        where p.id = ?`,
      [locked.id],
    );
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      trainerId: row.trainer_id,
      clientId: row.client_id,
      purchaseId: row.client_package_id,
      bookingId: row.booking_id,
      method: row.method,
      currency: row.currency,
      receivedMinor: row.received_minor,
      refundedMinor: row.refunded_minor,
    };
  }

  /** After a payment: marks the purchase paid once covered. Never unmarks (a refund does not reopen a debt). */
  async markPurchasePaidIfCovered(purchaseId: string, em: EntityManager): Promise<void> {
    await em.execute(
      `update client_packages cp set paid = true, updated_at = now()
        where cp.id = ? and not cp.paid and ${COVERED('client_package_id', 'cp.id')} >= cp.price_paid_minor`,
      [purchaseId],
    );
  }

  async markBookingPaidIfCovered(bookingId: string, em: EntityManager): Promise<void> {
    await em.execute(
      `update bookings b set paid = true, updated_at = now()
        where b.id = ? and not b.paid and ${COVERED('booking_id', 'b.id')} >= coalesce(b.price_minor, 0)`,
      [bookingId],
    );
  }

  /** After a correction: the purchase is paid exactly when what was received for it covers the price. */
  async rejudgePurchasePaid(purchaseId: string, em: EntityManager): Promise<void> {
    await em.execute(
      `update client_packages cp set paid = (${COVERED('client_package_id', 'cp.id')} >= cp.price_paid_minor), updated_at = now() where cp.id = ?`,
      [purchaseId],
    );
  }

  async rejudgeBookingPaid(bookingId: string, em: EntityManager): Promise<void> {
    await em.execute(
      `update bookings b set paid = (${COVERED('booking_id', 'b.id')} >= coalesce(b.price_minor, 0)), updated_at = now() where b.id = ?`,
      [bookingId],
    );
  }

  /**
   * What the client owes for: purchases not paid and completed pay-per-session sessions not paid, each less
   * what was received towards it; oldest first.
   */
  async duesFor(trainerId: string, clientId: string, em: EntityManager = this.em): Promise<PaymentDue[]> {
    const rows = await em.execute<DueRow[]>(
      `select * from (
         select 'purchase' as kind, cp.id, sp.name as package_name, cp.purchased_at as at, cp.price_paid_minor as price_minor,
                greatest(cp.price_paid_minor - ${COVERED('client_package_id', 'cp.id')}, 0)::int8 as due_minor
           from client_packages cp join session_packages sp on sp.id = cp.session_package_id
          where cp.trainer_id = ? and cp.client_id = ? and not cp.paid
         union all
         select 'booking' as kind, b.id, null as package_name, b.start_time as at, b.price_minor,
                greatest(b.price_minor - ${COVERED('booking_id', 'b.id')}, 0)::int8 as due_minor
           from bookings b
          where b.trainer_id = ? and b.client_id = ? and b.status = 'completed' and b.client_package_id is null and b.price_minor > 0 and not b.paid
       ) dues where due_minor > 0 order by at, id`,
      [trainerId, clientId, trainerId, clientId],
    );
    return rows.map((row) => ({
      kind: row.kind,
      id: row.id,
      packageName: row.package_name,
      at: new Date(row.at),
      priceMinor: row.price_minor,
      dueMinor: Number(row.due_minor),
    }));
  }
}
