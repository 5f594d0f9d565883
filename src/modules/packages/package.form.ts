import { minorUnitsPerMajor, parseMoney } from '../../common/time/format.js';
import { PaymentMethod } from '../payments/payment.entity.js';
import { packageProblems } from './packages.service.js';
import type { PackageInput, SellInput } from './packages.types.js';
import type { SessionPackage } from './session-package.entity.js';

export const PACKAGE_FIELDS = ['name', 'sessionCount', 'price', 'validityDays', 'description', 'active'] as const;
export const SELL_FIELDS = ['clientId', 'packageId', 'price', 'paymentMethod', 'paid', 'origin'] as const;

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string[]> };

/** Service field names → form field names, so domain errors land under the right input. */
export function toFormErrors(fields: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) out[key === 'priceMinor' ? 'price' : key] = messages;
  return out;
}

function wholeNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** The catalogue form: money as typed ("500" or "499.99"), validity empty for "never expires". */
export function parsePackageForm(values: Record<string, string>, currency: string): Parsed<PackageInput> {
  const errors: Record<string, string[]> = {};
  const sessionCount = wholeNumber(values.sessionCount ?? '');
  const price = parseMoney(values.price ?? '', currency);
  const validityText = values.validityDays ?? '';
  const validityDays = validityText === '' ? null : wholeNumber(validityText);
  if (sessionCount === null) errors.sessionCount = ['Enter a whole number of sessions.'];
  if (price === null) errors.price = ['Enter a price like 500 or 499.99.'];
  if (validityText !== '' && validityDays === null)
    errors.validityDays = ['Enter a whole number of days, or leave empty.'];
  const input: PackageInput = {
    name: values.name ?? '',
    sessionCount: sessionCount ?? 0,
    priceMinor: price ?? 0,
    validityDays,
    description: values.description || null,
    active: values.active !== 'false',
  };
  const problems = toFormErrors(packageProblems(input, true));
  for (const [key, messages] of Object.entries(problems)) if (!errors[key]) errors[key] = messages;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

export function packageFormValues(pkg: SessionPackage): Record<string, string> {
  const digits = Math.round(Math.log10(minorUnitsPerMajor(pkg.currency)));
  return {
    name: pkg.name,
    sessionCount: String(pkg.sessionCount),
    price: (pkg.priceMinor / 10 ** digits).toFixed(digits),
    validityDays: pkg.validityDays ? String(pkg.validityDays) : '',
    description: pkg.description ?? '',
    active: pkg.active ? 'true' : 'false',
  };
}

/** The sell form: an empty price means the catalogue price. */
export function parseSellForm(
  values: Record<string, string>,
  currency: string,
): Parsed<{ clientId: string; sale: SellInput }> {
  const errors: Record<string, string[]> = {};
  if (!values.clientId) errors.clientId = ['Choose a client.'];
  if (!values.packageId) errors.packageId = ['Choose a package.'];
  const price = values.price ? parseMoney(values.price, currency) : undefined;
  if (price === null) errors.price = ['Enter a price like 500 or 499.99, or leave empty for the list price.'];
  const method = (Object.values(PaymentMethod) as string[]).includes(values.paymentMethod ?? '')
    ? (values.paymentMethod as PaymentMethod)
    : null;
  const paid = values.paid !== 'later';
  if (paid && !method) errors.paymentMethod = ['Choose how they paid.'];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    // "Pays later" ignores Paid by, whatever the browser sent (the field is hidden then, but may still be posted).
    value: {
      clientId: values.clientId ?? '',
      sale: {
        packageId: values.packageId ?? '',
        priceMinor: price ?? undefined,
        paymentMethod: paid ? (method ?? undefined) : undefined,
        paid,
      },
    },
  };
}
