import { formatLongDate, formatMoney } from '../../common/time/format.js';
import type { PaymentView } from '../payments/payments.types.js';
import { CreditMovement } from './credit-ledger-entry.entity.js';
import type { CreditBalance, LedgerLine } from './credits.types.js';
import { PAYMENT_METHOD_LABELS } from './package.form.js';
import type { CreditLiability, PackageSummary } from './packages.types.js';
import type { ClientCreditsSummary } from './purchases.service.js';
import type { Runway } from './runway.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function toPackageRow(row: PackageSummary) {
  return {
    id: row.id,
    domId: `package-${row.id}`,
    name: row.name,
    description: row.description,
    sessions: plural(row.sessionCount, 'session'),
    price: formatMoney(row.priceMinor, row.currency),
    validity: row.validityDays ? `Valid ${plural(row.validityDays, 'day')}` : 'Never expires',
    active: row.active,
    unitsSold: String(row.unitsSold),
    revenue: formatMoney(row.revenueMinor, row.currency),
    outstanding: plural(row.creditsOutstanding, 'credit'),
    canDelete: row.unitsSold === 0,
    editFormUrl: `/packages/${row.id}/edit-form`,
    sellFormUrl: `/packages/sell-form?packageId=${row.id}`,
    deactivateUrl: `/packages/${row.id}/deactivate`,
    activateUrl: `/packages/${row.id}/activate`,
    deleteUrl: `/packages/${row.id}/delete`,
  };
}

export function toLiabilityView(rows: CreditLiability[], currency: string) {
  const main = rows.find((row) => row.currency === currency) ?? { currency, amountMinor: 0, credits: 0, purchases: 0 };
  return {
    amount: formatMoney(main.amountMinor, main.currency),
    detail: main.credits > 0 ? `${plural(main.credits, 'unused credit')} across ${plural(main.purchases, 'purchase')}` : 'No unused credits',
    others: rows.filter((row) => row.currency !== currency).map((row) => `${formatMoney(row.amountMinor, row.currency)} in ${row.currency}`),
  };
}

const KIND_LABELS: Record<CreditMovement, string> = {
  [CreditMovement.Grant]: 'Bought',
  [CreditMovement.Consume]: 'Used',
  [CreditMovement.Refund]: 'Refunded',
  [CreditMovement.Expire]: 'Expired',
  [CreditMovement.Adjust]: 'Adjusted',
};

export function runwaySentence(runway: Runway, firstName: string, timeZone: string): string | null {
  switch (runway.kind) {
    case 'no_credits':
      return null;
    case 'no_pace':
      return runway.expiringUnused > 0
        ? `${firstName} has had no sessions in the last 8 weeks: ${plural(runway.expiringUnused, 'credit')} will expire unused unless they book.`
        : `${firstName} has had no sessions in the last 8 weeks, so there is no pace to forecast from.`;
    case 'runs_out':
      return `At ${firstName}’s pace over the last 8 weeks (${runway.sessionsPerWeek} a week), credits run out around ${formatLongDate(runway.runsOutOn, timeZone)}.`;
    case 'expires_unused':
      return `At ${firstName}’s pace over the last 8 weeks (${runway.sessionsPerWeek} a week), ${plural(runway.unused, 'credit')} will expire unused.`;
  }
}

function toBalanceView(row: CreditBalance, timeZone: string) {
  return {
    id: row.clientPackageId,
    name: row.packageName,
    remaining: `${row.creditsRemaining} of ${row.creditsGranted} left`,
    expiry: row.expiresAt ? `${row.expired ? 'Expired' : 'Expires'} ${formatLongDate(row.expiresAt, timeZone)}` : 'Never expires',
    expired: row.expired,
    unpaid: !row.paid,
    owed: !row.paid ? formatMoney(Math.max(0, row.pricePaidMinor - row.paidMinor), row.currency) : null,
    price: formatMoney(row.pricePaidMinor, row.currency),
  };
}

function toLedgerView(row: LedgerLine, timeZone: string) {
  return {
    when: formatLongDate(row.createdAt, timeZone),
    label: KIND_LABELS[row.kind],
    delta: row.delta > 0 ? `+${row.delta}` : String(row.delta),
    positive: row.delta > 0,
    packageName: row.packageName,
    reason: row.reason,
  };
}

function toPaymentLine(row: PaymentView, timeZone: string) {
  return {
    when: formatLongDate(row.paidAt, timeZone),
    amount: formatMoney(row.amountMinor, row.currency),
    method: PAYMENT_METHOD_LABELS[row.method],
    forWhat: row.packageName ?? (row.bookingId ? 'Session' : 'Payment'),
  };
}

export function toClientCreditsView(summary: ClientCreditsSummary, timeZone: string) {
  const active = summary.balances.filter((b) => !b.expired && b.creditsRemaining > 0);
  const usable = active.reduce((sum, b) => sum + b.creditsRemaining, 0);
  const firstName = summary.client.name.split(/\s+/)[0] ?? summary.client.name;
  return {
    clientId: summary.client.id,
    clientName: summary.client.name,
    archived: summary.client.status === 'archived',
    balance: plural(usable, 'credit'),
    usable,
    packages: summary.balances.map((b) => toBalanceView(b, timeZone)),
    hasPackages: summary.balances.length > 0,
    ledger: summary.ledger.map((l) => toLedgerView(l, timeZone)),
    payments: summary.payments.map((p) => toPaymentLine(p, timeZone)),
    owed: summary.owedMinor > 0 ? formatMoney(summary.owedMinor, summary.currency) : null,
    runway: runwaySentence(summary.runway, firstName, timeZone),
    sellFormUrl: `/packages/sell-form?clientId=${summary.client.id}`,
    creditsUrl: `/clients/${summary.client.id}/credits`,
  };
}
