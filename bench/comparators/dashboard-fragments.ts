import type { FastifyReply } from 'fastify';
import { ViewEngine } from '../../src/common/views/view-engine.js';
import { DashboardRepository } from '../../src/modules/dashboard/dashboard.repository.js';
import { DashboardService } from '../../src/modules/dashboard/dashboard.service.js';
import {
  DASHBOARD_TEMPLATES as T,
  toClientsView,
  toDashboardScreen,
  toRevenueView,
  toSectionScreen,
  toStatsView,
  toUpcomingView,
  type DashboardSection,
} from '../../src/modules/dashboard/dashboard.views.js';
import { appActor, kyselyHost, shellOf } from './app-reads.js';
import type { BareActor, Comparator } from './common.js';

/**
 * The dashboard scenarios' bare comparator: the page without JavaScript and its four htmx sections (/dashboard/stats, bookings-upcoming,
 * clients-recent, revenue-chart) with the same Redis session lookup, one SQL statement for the actor, the app's
 * own dashboard reads over raw pg (see app-reads.ts) and the app's templates compiled once at boot.
 */
const comparator: Comparator = {
  register(app, deps) {
    const views = new ViewEngine();
    // The repository only ever asks its EntityManager for Kysely.
    const dashboard = new DashboardService(new DashboardRepository(kyselyHost(deps.pool) as never));

    /** The fragment as the app's HtmxResponse.fragment renders it: the shell context under the section's. */
    function send(
      reply: FastifyReply,
      actor: BareActor,
      section: DashboardSection,
      template: string,
      context: object,
    ): FastifyReply {
      return reply
        .header('vary', 'HX-Request')
        .type('text/html; charset=utf-8')
        .send(
          views.render(template, {
            ...shellOf(actor),
            ...toSectionScreen(section, context as Record<string, unknown>),
          }),
        );
    }

    // The page as a browser without JavaScript gets it: the setup state and the four sections inline.
    app.get('/dashboard', async (req, reply) => {
      const bare = await deps.sessionActor(req.headers.cookie);
      if (!bare?.trainerId) return reply.code(401).send();
      const actor = appActor(bare);
      const page = await dashboard.page(actor, { inline: true, period: 'weeks' });
      const screen = toDashboardScreen(page, { ...actor, period: 'weeks', userName: bare.name });
      return reply
        .header('vary', 'HX-Request')
        .type('text/html; charset=utf-8')
        .send(views.renderPage(T.page, { ...shellOf(bare), ...screen, flash: undefined }));
    });

    app.get('/dashboard/stats', async (req, reply) => {
      const bare = await deps.sessionActor(req.headers.cookie);
      if (!bare?.trainerId) return reply.code(401).send();
      const actor = appActor(bare);
      return send(reply, bare, 'stats', T.stats, { stats: toStatsView(await dashboard.stats(actor), actor) });
    });

    app.get('/dashboard/bookings-upcoming', async (req, reply) => {
      const bare = await deps.sessionActor(req.headers.cookie);
      if (!bare?.trainerId) return reply.code(401).send();
      const actor = appActor(bare);
      return send(reply, bare, 'upcoming', T.upcoming, {
        upcoming: toUpcomingView(await dashboard.upcoming(actor), actor),
      });
    });

    app.get('/dashboard/clients-recent', async (req, reply) => {
      const bare = await deps.sessionActor(req.headers.cookie);
      if (!bare?.trainerId) return reply.code(401).send();
      const actor = appActor(bare);
      return send(reply, bare, 'clients', T.clients, { clients: toClientsView(await dashboard.clients(actor), actor) });
    });

    app.get('/dashboard/revenue-chart', async (req, reply) => {
      const bare = await deps.sessionActor(req.headers.cookie);
      if (!bare?.trainerId) return reply.code(401).send();
      const actor = appActor(bare);
      const period = (req.query as { period?: string }).period === 'months' ? 'months' : 'weeks';
      const series = await dashboard.revenue(actor, period);
      return send(reply, bare, 'revenue', T.revenue, { revenue: toRevenueView(series, actor, 'fragment') });
    });
  },
};

export default comparator;
