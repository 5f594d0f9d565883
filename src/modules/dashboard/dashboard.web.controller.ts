import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { isHtmx } from '../../common/htmx/htmx.js';
import { DashboardService } from './dashboard.service.js';
import { CHART_PERIODS, type ChartPeriod } from './dashboard.types.js';
import {
  DASHBOARD_TEMPLATES as T,
  toClientsView,
  toDashboardScreen,
  toRevenueView,
  toSectionScreen,
  toSetupView,
  toStatsView,
  toUpcomingView,
  type DashboardSection,
} from './dashboard.views.js';

/** ?period=months, or the weeks default for anything else (a bookmark with a typo still shows a chart). */
function periodOf(query: Record<string, unknown>): ChartPeriod {
  return CHART_PERIODS.find((period) => period === query.period) ?? 'weeks';
}

/**
 * /dashboard and its four sections. Each section has its own URL: a fragment when htmx asks (the page's
 * skeletons load them, and they reload themselves on bookingsChanged, paymentsChanged, creditsChanged...), a
 * page of its own otherwise. The page itself renders the sections inline for a plain request, which is what a
 * browser without JavaScript sends; htmx navigation (boosted links, the log-in redirect) gets the skeletons.
 */
@WebController('dashboard')
export class DashboardWebController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async page(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const period = periodOf(query);
    const page = await this.dashboard.page(actor, { inline: !isHtmx(req), period });
    this.htmx.for(req, reply).page(T.page, toDashboardScreen(page, { ...actor, period, userName: userNameOf(req) }));
  }

  @Get('stats')
  async stats(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.section(req, reply, 'stats', T.stats, { stats: toStatsView(await this.dashboard.stats(actor), actor) });
  }

  @Get('bookings-upcoming')
  async upcoming(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.section(req, reply, 'upcoming', T.upcoming, {
      upcoming: toUpcomingView(await this.dashboard.upcoming(actor), actor),
    });
  }

  @Get('clients-recent')
  async clients(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.section(req, reply, 'clients', T.clients, {
      clients: toClientsView(await this.dashboard.clients(actor), actor),
    });
  }

  @Get('revenue-chart')
  async revenue(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const series = await this.dashboard.revenue(actor, periodOf(query));
    this.section(req, reply, 'revenue', T.revenue, { revenue: toRevenueView(series, actor, 'fragment') });
  }

  /**
   * The getting-started checklist. As a fragment it is the setup card above the widgets, or (view=welcome) the
   * whole body of a brand-new trainer's dashboard, which becomes the live dashboard once the first session exists.
   */
  @Get('getting-started')
  async gettingStarted(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const setup = await this.dashboard.setup(actor);
    const web = this.htmx.for(req, reply);
    if (web.partial && query.view === 'welcome') {
      const screen = toDashboardScreen({ setup, sections: null }, { ...actor, period: 'weeks' });
      return web.fragment(screen.welcome ? T.welcome : T.body, screen);
    }
    this.section(req, reply, 'setup', T.setupCard, { setup: toSetupView(setup), setupPage: !web.partial });
  }

  private section(
    req: FastifyRequest,
    reply: FastifyReply,
    section: DashboardSection,
    fragment: string,
    context: Record<string, unknown>,
  ): void {
    this.htmx.for(req, reply).pageOrFragment(T.sectionPage, fragment, toSectionScreen(section, context));
  }
}

/** The signed-in user's name from the shell the auth layer filled, for the greeting. */
function userNameOf(req: FastifyRequest): string | undefined {
  const user = req.shell?.user as { name?: unknown } | undefined;
  return typeof user?.name === 'string' ? user.name : undefined;
}
