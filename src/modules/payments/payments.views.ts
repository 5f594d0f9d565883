import { formatLongDate, formatMoney, minorUnitsPerMajor } from '../../common/time/format.js';
import { localDateOf } from '../../common/time/zoned-time.js';
import type { FormState } from '../../common/validation/form.js';
import { PaymentKind, PaymentMethod } from './payment.entity.js';
import { towardsValue } from './payment.form.js';
import type { PaymentChangeContext, PaymentDue, PaymentFormContext, PaymentView } from './payments.types.js';

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  [PaymentMethod.Card]: 'Card',
  [PaymentMethod.Cash]: 'Cash',
  [PaymentMethod.Transfer]: 'Bank transfer',
  [PaymentMethod.Other]: 'Other',
};

const KIND_LABELS: Record<PaymentKind, string> = {
  [PaymentKind.Payment]: 'Payment',
  [PaymentKind.Refund]: 'Refund',
  [PaymentKind.Correction]: 'Correction',
};

export function paymentsUrl(clientId: string, suffix = ''): string {
  return `/clients/${clientId}/payments${suffix}`;
}

/** Minor units as a form shows them: "260.00" (GBP), "5000" (JPY). */
export function amountText(minor: number, currency: string): string {
  const digits = Math.round(Math.log10(minorUnitsPerMajor(currency)));
  return (minor / 10 ** digits).toFixed(digits);
}

export function methodOptions(selected: string) {
  return Object.values(PaymentMethod).map((m) => ({
    value: m,
    label: PAYMENT_METHOD_LABELS[m],
    selected: m === selected,
  }));
}

function dueLabel(due: PaymentDue, currency: string, timeZone: string): string {
  const what = due.packageName ?? `Session on ${formatLongDate(due.at, timeZone)}`;
  return `${what} · ${formatMoney(due.dueMinor, currency)} due`;
}

/** Defaults for a new payment: towards what was asked for (or the only thing owed), for what is due on it. */
export function paymentFormDefaults(
  context: PaymentFormContext,
  query: { purchaseId?: string; bookingId?: string },
  timeZone: string,
  now = new Date(),
) {
  const asked = context.dues.find((d) =>
    d.kind === 'purchase' ? d.id === query.purchaseId : d.id === query.bookingId,
  );
  const due = asked ?? (context.dues.length === 1 ? context.dues[0] : undefined);
  return {
    amount: due
      ? amountText(due.dueMinor, context.currency)
      : context.owedMinor > 0
        ? amountText(context.owedMinor, context.currency)
        : '',
    method: PaymentMethod.Card,
    paidOn: localDateOf(now, timeZone),
    towards: due ? towardsValue(due.kind, due.id) : '',
    note: '',
  };
}

export function toPaymentFormView(context: PaymentFormContext, form: FormState, timeZone: string) {
  const { client, currency } = context;
  return {
    form,
    formTitle: `Record a payment from ${client.name}`,
    clientName: client.name,
    action: paymentsUrl(client.id),
    cancelUrl: `/clients/${client.id}`,
    owed: context.owedMinor > 0 ? formatMoney(context.owedMinor, currency) : null,
    currencyLabel: currency,
    methods: methodOptions(form.values.method ?? ''),
    towards: [{ value: '', label: 'Nothing in particular (on account)', selected: !form.values.towards }].concat(
      context.dues.map((due) => ({
        value: towardsValue(due.kind, due.id),
        label: dueLabel(due, currency, timeZone),
        selected: form.values.towards === towardsValue(due.kind, due.id),
      })),
    ),
  };
}

export function refundFormDefaults(context: PaymentChangeContext, timeZone: string, now = new Date()) {
  return {
    amount: amountText(context.refundableMinor, context.payment.currency),
    method: context.payment.method,
    paidOn: localDateOf(now, timeZone),
    note: '',
  };
}

export function correctionFormDefaults(context: PaymentChangeContext) {
  return {
    amount: amountText(context.payment.receivedMinor ?? context.payment.amountMinor, context.payment.currency),
    note: '',
  };
}

/** The refund and correction forms: which payment, what it counts for now, and what can go back. */
export function toPaymentChangeView(
  context: PaymentChangeContext,
  form: FormState,
  kind: 'refund' | 'correction',
  timeZone: string,
) {
  const { payment, client } = context;
  const received = formatMoney(payment.receivedMinor ?? payment.amountMinor, payment.currency);
  const summary = `${formatMoney(payment.amountMinor, payment.currency)} by ${PAYMENT_METHOD_LABELS[payment.method].toLowerCase()} on ${formatLongDate(payment.paidAt, timeZone)}${payment.packageName ? ` for ${payment.packageName}` : ''}`;
  return {
    form,
    kind,
    isRefund: kind === 'refund',
    clientName: client.name,
    formTitle: kind === 'refund' ? `Refund ${client.name}` : `Correct a payment from ${client.name}`,
    summary,
    received,
    refundable: formatMoney(context.refundableMinor, payment.currency),
    canRefund: context.refundableMinor > 0,
    refunded: payment.refundedMinor ? formatMoney(payment.refundedMinor, payment.currency) : null,
    action: paymentsUrl(client.id, `/${payment.id}/${kind === 'refund' ? 'refunds' : 'corrections'}`),
    cancelUrl: `/clients/${client.id}`,
    currencyLabel: payment.currency,
    methods: methodOptions(form.values.method ?? ''),
  };
}

/** One line of the client's payment history; payments offer Refund and Correct. */
export function toPaymentLine(row: PaymentView, timeZone: string) {
  const isPayment = row.kind === PaymentKind.Payment;
  const refundable = isPayment ? (row.receivedMinor ?? 0) - (row.refundedMinor ?? 0) : 0;
  const changed = isPayment && row.receivedMinor !== null && row.receivedMinor !== row.amountMinor;
  const amount = formatMoney(Math.abs(row.amountMinor), row.currency);
  return {
    id: row.id,
    domId: `payment-${row.id}`,
    kind: row.kind,
    label: KIND_LABELS[row.kind],
    forWhat: row.packageName ?? (row.bookingId ? 'Session' : 'On account'),
    when: formatLongDate(row.paidAt, timeZone),
    method: PAYMENT_METHOD_LABELS[row.method],
    amount: row.amountMinor < 0 ? `−${amount}` : row.kind === PaymentKind.Correction ? `+${amount}` : amount,
    negative: row.amountMinor < 0,
    note: row.note,
    /** "Now counts as £205.00" after corrections, "£50.00 refunded" after refunds. */
    status: [
      changed ? `now ${formatMoney(row.receivedMinor ?? 0, row.currency)}` : null,
      row.refundedMinor ? `${formatMoney(row.refundedMinor, row.currency)} refunded` : null,
    ]
      .filter(Boolean)
      .join(' · '),
    refundUrl: isPayment && refundable > 0 ? paymentsUrl(row.clientId, `/${row.id}/refund-form`) : null,
    correctUrl: isPayment ? paymentsUrl(row.clientId, `/${row.id}/correction-form`) : null,
  };
}
