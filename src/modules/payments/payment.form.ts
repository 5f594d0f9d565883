import { parseMoney } from '../../common/time/format.js';
import { localDateOf, zonedTimeToUtc } from '../../common/time/zoned-time.js';
import type { FormAttempt } from '../../common/validation/form.js';
import { isUuid } from '../../common/validation/validators.js';
import { PaymentMethod } from './payment.entity.js';
import type { CorrectionInput, CreatePaymentInput, RefundInput } from './payments.types.js';

export const PAYMENT_FIELDS = ['amount', 'method', 'paidOn', 'towards', 'note'] as const;
export const REFUND_FIELDS = ['amount', 'method', 'paidOn', 'note'] as const;
export const CORRECTION_FIELDS = ['amount', 'note'] as const;

type Errors = Record<string, string[]>;

/** Service field names → form field names, so domain errors land under the right input. */
const FORM_FIELD: Record<string, string> = {
  amountMinor: 'amount',
  paidAt: 'paidOn',
  purchaseId: 'towards',
  bookingId: 'towards',
  clientId: '_form',
};

export function toPaymentFormErrors(fields: Errors): Errors {
  const out: Errors = {};
  for (const [key, messages] of Object.entries(fields)) {
    const field = FORM_FIELD[key] ?? key;
    out[field] = [...(out[field] ?? []), ...messages];
  }
  return out;
}

/** "purchase:<id>" or "booking:<id>" from the "Towards" select; anything else is "nothing in particular". */
export function towardsValue(kind: 'purchase' | 'booking', id: string): string {
  return `${kind}:${id}`;
}

function parseTowards(text: string): { purchaseId?: string; bookingId?: string } | null {
  if (text === '') return {};
  const [kind, id = ''] = text.split(':');
  if (!isUuid(id)) return null;
  if (kind === 'purchase') return { purchaseId: id };
  if (kind === 'booking') return { bookingId: id };
  return null;
}

function parseMethod(text: string): PaymentMethod | null {
  return (Object.values(PaymentMethod) as string[]).includes(text) ? (text as PaymentMethod) : null;
}

/** A local date ("2026-12-03") as an instant: now when it is today or empty, else midday that day in the trainer's zone. */
function parseDay(text: string, timeZone: string, now: Date): Date | null {
  if (text === '' || text === localDateOf(now, timeZone)) return now;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const at = zonedTimeToUtc(text, '12:00', timeZone);
  return Number.isNaN(at.getTime()) || localDateOf(at, timeZone) !== text ? null : at;
}

/** The "Record payment" form: amount as typed ("260" or "259.99"), what it is towards, how and when. */
export function parsePaymentForm(
  values: Record<string, string>,
  clientId: string,
  currency: string,
  timeZone: string,
  now = new Date(),
): FormAttempt<CreatePaymentInput> {
  const errors: Errors = {};
  const amountMinor = parseMoney(values.amount ?? '', currency);
  if (amountMinor === null || amountMinor <= 0) errors.amount = ['Enter the amount received, like 260 or 259.99.'];
  const method = parseMethod(values.method ?? '');
  if (!method) errors.method = ['Choose how they paid.'];
  const paidAt = parseDay(values.paidOn ?? '', timeZone, now);
  if (!paidAt) errors.paidOn = ['Enter a real date.'];
  const towards = parseTowards(values.towards ?? '');
  if (!towards) errors.towards = ['Choose one of the items listed.'];
  if (Object.keys(errors).length > 0 || amountMinor === null || !method || !paidAt || !towards)
    return { ok: false, errors };
  return { ok: true, value: { clientId, amountMinor, method, paidAt, note: values.note || null, ...towards } };
}

export function parseRefundForm(
  values: Record<string, string>,
  currency: string,
  timeZone: string,
  now = new Date(),
): FormAttempt<RefundInput> {
  const errors: Errors = {};
  const amountMinor = parseMoney(values.amount ?? '', currency);
  if (amountMinor === null || amountMinor <= 0) errors.amount = ['Enter the amount given back, like 50 or 49.99.'];
  const method = parseMethod(values.method ?? '');
  if (!method) errors.method = ['Choose how the money went back.'];
  const paidAt = parseDay(values.paidOn ?? '', timeZone, now);
  if (!paidAt) errors.paidOn = ['Enter a real date.'];
  if (Object.keys(errors).length > 0 || amountMinor === null || !method || !paidAt) return { ok: false, errors };
  return { ok: true, value: { amountMinor, method, paidAt, note: values.note || null } };
}

export function parseCorrectionForm(values: Record<string, string>, currency: string): FormAttempt<CorrectionInput> {
  const errors: Errors = {};
  const amountMinor = parseMoney(values.amount ?? '', currency);
  if (amountMinor === null) errors.amount = ['Enter the amount actually received, like 205 or 0.'];
  if (!values.note) errors.note = ['Say what was wrong, for your records.'];
  if (Object.keys(errors).length > 0 || amountMinor === null) return { ok: false, errors };
  return { ok: true, value: { amountMinor, note: values.note ?? '' } };
}
