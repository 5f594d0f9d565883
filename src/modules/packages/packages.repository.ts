import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CreditLiability, PackageSummary } from './packages.types.js';

/** pg hands int8 (counts, sums over many rows) and timestamptz back as text; the rows say so. */
type Int8 = string;

interface SummaryRow {
  id: string;
  name: string;
  session_count: number;
  price_minor: number;
  currency: string;
  validity_days: number | null;
  description: string | null;
  active: boolean;
  created_at: string;
  units_sold: Int8;
  credits_outstanding: Int8;
  revenue_minor: Int8;
}

interface LiabilityRow {
  currency: string;
  purchases: Int8;
  credits: Int8;
  amount_minor: string | null;
}

function toSummary(row: SummaryRow): PackageSummary {
  return {
    id: row.id,
    name: row.name,
    sessionCount: row.session_count,
    priceMinor: row.price_minor,
    currency: row.currency,
    validityDays: row.validity_days,
    description: row.description,
    active: row.active,
    createdAt: new Date(row.created_at),
    unitsSold: Number(row.units_sold),
    revenueMinor: Number(row.revenue_minor),
    creditsOutstanding: Number(row.credits_outstanding),
  };
}

/** The catalogue's SQL; runs on the EntityManager given (the request's by default). */
@Injectable()
export class PackagesRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Every package with units sold, revenue (payments net of refunds and corrections) and unexpired credits held,
   * in one query. Natural order: active first, then by session count (5 before 10), then by name.
   */
  async summaries(
    trainerId: string,
    options: { activeOnly?: boolean; id?: string } = {},
    em: EntityManager = this.em,
  ): Promise<PackageSummary[]> {
    const params: unknown[] = [trainerId];
    if (options.id) params.push(options.id);
    const rows = await em.execute<SummaryRow[]>(
      `select sp.id, sp.name, sp.session_count, sp.price_minor, sp.currency, sp.validity_days, sp.description, sp.active, sp.created_at,
              coalesce(s.units_sold, 0) as units_sold, coalesce(s.credits_outstanding, 0) as credits_outstanding,
              coalesce(r.revenue_minor, 0) as revenue_minor
         from session_packages sp
         left join lateral (
           select count(*) as units_sold,
                  sum(cp.credits_remaining) filter (where cp.expires_at is null or cp.expires_at > now()) as credits_outstanding
             from client_packages cp where cp.session_package_id = sp.id
         ) s on true
         left join lateral (
           select sum(p.amount_minor) as revenue_minor
             from client_packages cp join payments p on p.client_package_id = cp.id
            where cp.session_package_id = sp.id
         ) r on true
        where sp.trainer_id = ? ${options.id ? 'and sp.id = ?' : ''} ${options.activeOnly ? 'and sp.active' : ''}
        order by sp.active desc, sp.session_count, lower(sp.name), sp.id`,
      params,
    );
    return rows.map(toSummary);
  }

  async purchaseCount(packageId: string, em: EntityManager = this.em): Promise<number> {
    const [row] = await em.execute<Array<{ n: number }>>(
      `select count(*)::int as n from client_packages where session_package_id = ?`,
      [packageId],
    );
    return row?.n ?? 0;
  }

  /** Per currency: for each unexpired purchase with credits left, the price paid times remaining / granted. */
  async liability(trainerId: string, at: Date, em: EntityManager = this.em): Promise<CreditLiability[]> {
    const rows = await em.execute<LiabilityRow[]>(
      `select cp.currency, count(*) as purchases, sum(cp.credits_remaining) as credits,
              sum(round(cp.price_paid_minor::numeric * cp.credits_remaining / nullif(cp.credits_granted, 0))) as amount_minor
         from client_packages cp
        where cp.trainer_id = ? and cp.credits_remaining > 0 and (cp.expires_at is null or cp.expires_at > ?)
        group by cp.currency order by cp.currency`,
      [trainerId, at],
    );
    return rows.map((row) => ({
      currency: row.currency,
      amountMinor: Number(row.amount_minor ?? 0),
      credits: Number(row.credits),
      purchases: Number(row.purchases),
    }));
  }
}
