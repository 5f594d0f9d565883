import { formatLongDate, formatMoney } from '../../common/time/format.js';
import { paymentsUrl, toPaymentLine } from '../payments/payments.views.js';
import { CreditMovement } from './credit-ledger-entry.entity.js';
import type { CreditBalance, LedgerLine } from './credits.types.js';
import type { FormState } from '../../common/validation/form.js';
import { methodOptions } from '../payments/payments.views.js';
import type { CreditLiability, PackageCatalogue, PackageSummary, SellFormContext } from './packages.types.js';
import type { ClientCreditsSummary } from './purchases.service.js';
import type { Runway } from './runway.rules.js';

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
    /** "£500.00 · Valid 90 days" under "10 sessions"; "3 sessions · £120.00 · …" under "Intro". */
    summary: `${packageOptionLabel(row).split(' · ').slice(1).join(' · ')} · ${row.validityDays ? `Valid ${plural(row.validityDays, 'day')}` : 'Never expires'}`,
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

export function toCatalogueView(catalogue: PackageCatalogue) {
  return {
    rows: catalogue.items.map(toPackageRow),
    isEmpty: catalogue.items.length === 0,
    liability: toLiabilityView(catalogue.liability, catalogue.currency),
  };
}

/** "Intro · 1 session · £40.00", but "10 sessions · £500.00" when the name already says how many. */
export function packageOptionLabel(
  pkg: Pick<PackageSummary, 'name' | 'sessionCount' | 'priceMinor' | 'currency'>,
): string {
  const namesCount = new RegExp(`(^|\\D)${pkg.sessionCount}(\\D|$)`).test(pkg.name);
  return [pkg.name, namesCount ? null : plural(pkg.sessionCount, 'session'), formatMoney(pkg.priceMinor, pkg.currency)]
    .filter(Boolean)
    .join(' · ');
}

export function toSellFormView(context: SellFormContext, form: FormState) {
  const fixedClient =
    form.values.origin === 'client' ? context.clients.find((c) => c.id === form.values.clientId) : undefined;
  return {
    form,
    fixedClient,
    clients: [{ value: '', label: 'Choose a client', selected: !form.values.clientId }].concat(
      context.clients.map((c) => ({ value: c.id, label: c.name, selected: c.id === form.values.clientId })),
    ),
    packages: [{ value: '', label: 'Choose a package', selected: !form.values.packageId }].concat(
      context.packages.map((p) => ({
        value: p.id,
        label: packageOptionLabel(p),
        selected: p.id === form.values.packageId,
      })),
    ),
    methods: methodOptions(form.values.paymentMethod ?? ''),
    paidLater: form.values.paid === 'later',
    hasPackages: context.packages.length > 0,
    cancelUrl: fixedClient ? `/clients/${fixedClient.id}` : '/packages',
  };
}

export function toLiabilityView(rows: CreditLiability[], currency: string) {
  const main = rows.find((row) => row.currency === currency) ?? { currency, amountMinor: 0, credits: 0, purchases: 0 };
  return {
    amount: formatMoney(main.amountMinor, main.currency),
    detail:
      main.credits > 0
        ? `${plural(main.credits, 'unused credit')} across ${plural(main.purchases, 'purchase')}`
        : 'No unused credits',
    others: rows
      .filter((row) => row.currency !== currency)
      .map((row) => `${formatMoney(row.amountMinor, row.currency)} in ${row.currency}`),
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

function toBalanceView(row: CreditBalance, clientId: string, timeZone: string) {
  return {
    id: row.clientPackageId,
    name: row.packageName,
    remaining: `${row.creditsRemaining} of ${row.creditsGranted} left`,
    expiry: row.expiresAt
      ? `${row.expired ? 'Expired' : 'Expires'} ${formatLongDate(row.expiresAt, timeZone)}`
      : 'Never expires',
    expired: row.expired,
    unpaid: !row.paid,
    owed: !row.paid ? formatMoney(Math.max(0, row.pricePaidMinor - row.paidMinor), row.currency) : null,
    price: formatMoney(row.pricePaidMinor, row.currency),
    recordPaymentUrl: !row.paid ? `${paymentsUrl(clientId, '/new')}?purchaseId=${row.clientPackageId}` : null,
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
    packages: summary.balances.map((b) => toBalanceView(b, summary.client.id, timeZone)),
    hasPackages: summary.balances.length > 0,
    ledger: summary.ledger.map((l) => toLedgerView(l, timeZone)),
    payments: summary.payments.map((p) => toPaymentLine(p, timeZone)),
    owed: summary.owedMinor > 0 ? formatMoney(summary.owedMinor, summary.currency) : null,
    recordPaymentUrl: paymentsUrl(summary.client.id, '/new'),
    runway: runwaySentence(summary.runway, firstName, timeZone),
    sellFormUrl: `/packages/sell-form?clientId=${summary.client.id}`,
    creditsUrl: `/clients/${summary.client.id}/credits`,
  };
}
