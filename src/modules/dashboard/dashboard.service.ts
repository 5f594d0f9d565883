import { Injectable } from '@nestjs/common';
import { trainerIdOf, type Actor } from '../../common/actor.js';
import { localDateOf } from '../../common/time/zoned-time.js';
import { DashboardRepository } from './dashboard.repository.js';
import {
  activityWindows,
  ATTENTION_LIMIT,
  attentionFor,
  byUrgency,
  chartBuckets,
  NEWEST_CLIENTS,
  RECENT_CLIENTS,
  startOfDay,
  statsWindows,
  UPCOMING_LIMIT,
  upcomingWindow,
} from './dashboard.rules.js';
import type {
  AttentionItem,
  ChartPeriod,
  ClientsRead,
  DashboardPage,
  DashboardStats,
  RevenueSeries,
  SetupState,
  UpcomingRead,
} from './dashboard.types.js';
import { addDays } from '../../common/time/zoned-time.js';

/**
 * The dashboard's read models, one method per widget, each a single statement (see DashboardRepository). Every
 * boundary is a local day in the trainer's zone (the actor's), money is the trainer's currency, and `now` is a
 * parameter so tests can pin the clock.
 */
@Injectable()
export class DashboardService {
  constructor(private readonly repository: DashboardRepository) {}

  /** The getting-started checklist: which of the four first steps are done. */
  setup(actor: Actor): Promise<SetupState> {
    return this.repository.setup(trainerIdOf(actor));
  }

  /**
   * The page: the setup state and, when `inline` (a page load without htmx, which cannot fetch the sections
   * itself) and the trainer has sessions to show, the four sections rendered into it.
   */
  async page(
    actor: Actor,
    options: { inline: boolean; period: ChartPeriod },
    now = new Date(),
  ): Promise<DashboardPage> {
    const setup = await this.setup(actor);
    if (!options.inline || !setup.hasBookings) return { setup, sections: null };
    const [stats, upcoming, clients, revenue] = await Promise.all([
      this.stats(actor, now),
      this.upcoming(actor, now),
      this.clients(actor, now),
      this.revenue(actor, options.period, now),
    ]);
    return { setup, sections: { stats, upcoming, clients, revenue } };
  }

  stats(actor: Actor, now = new Date()): Promise<DashboardStats> {
    return this.repository.stats(trainerIdOf(actor), statsWindows(now, actor.timeZone));
  }

  /** Today and the next six days, without cancelled sessions, including today's that have already started. */
  async upcoming(actor: Actor, now = new Date()): Promise<UpcomingRead> {
    const window = upcomingWindow(now, actor.timeZone);
    const { sessions, total, unresolved } = await this.repository.upcoming(trainerIdOf(actor), window, UPCOMING_LIMIT);
    return { days: window.days, sessions, more: Math.max(0, total - sessions.length), unresolved };
  }

  /** The newest and the most recently trained clients, and the ones who need the trainer now. */
  async clients(actor: Actor, now = new Date()): Promise<ClientsRead> {
    const clients = await this.repository.clientActivity(
      trainerIdOf(actor),
      { now, ...activityWindows(now) },
      NEWEST_CLIENTS,
    );
    const attention = clients
      .map((client) => attentionFor(client, now))
      .filter((item): item is AttentionItem => item !== null)
      .sort(byUrgency);
    const newest = [...clients]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, NEWEST_CLIENTS);
    const recentlyActive = clients
      .filter((client) => client.lastVisit !== null)
      .sort((a, b) => (b.lastVisit?.getTime() ?? 0) - (a.lastVisit?.getTime() ?? 0))
      .slice(0, RECENT_CLIENTS);
    return {
      newest,
      recentlyActive,
      attention: attention.slice(0, ATTENTION_LIMIT),
      moreAttention: Math.max(0, attention.length - ATTENTION_LIMIT),
    };
  }

  /** Revenue per week or month over the last twelve, the current one included; buckets without revenue are zero. */
  async revenue(actor: Actor, period: ChartPeriod, now = new Date()): Promise<RevenueSeries> {
    const today = localDateOf(now, actor.timeZone);
    const { unit, starts } = chartBuckets(period, today);
    const rows = await this.repository.revenueSeries(trainerIdOf(actor), {
      unit,
      firstDay: starts[0] ?? today,
      today,
      todayStart: startOfDay(today, actor.timeZone),
      tomorrowStart: startOfDay(addDays(today, 1), actor.timeZone),
    });
    const current = starts.at(-1);
    return {
      period,
      buckets: starts.map((start) => {
        const matching = rows.filter((row) => row.start === start);
        return {
          start,
          revenueMinor: matching.reduce((sum, row) => sum + row.revenueMinor, 0),
          sessionsCompleted: matching.reduce((sum, row) => sum + row.sessionsCompleted, 0),
          current: start === current,
        };
      }),
    };
  }
}
