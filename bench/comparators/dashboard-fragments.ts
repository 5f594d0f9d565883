import type { FastifyReply } from 'fastify';
import { ViewEngine } from '../../src/common/views/view-engine.js';
import { DashboardRepository } from '../../src/modules/dashboard/dashboard.repository.js';
import { DashboardService } from '../../src/modules/dashboard/dashboard.service.js';
import {
  DASHBOARD_TEMPLATES as T,
  toClientsView,
  toRevenueView,
  toSectionScreen,
  toStatsView,
  toUpcomingView,
  type DashboardSection,
} from '../../src/modules/dashboard/dashboard.views.js';
import { navFor } from '../../src/modules/pages/app-sections.js';
import { appActor, kyselyHost } from './app-reads.js';
import type { BareActor, Comparator } from './common.js';

/**
 * The dashboard scenarios' bare comparator: the four htmx sections (/dashboard/stats, bookings-upcoming,
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
      const csrfToken = actor.csrfToken ?? '';
      const shell = {
        user: { name: actor.name, email: actor.email },
        trainer: { businessName: actor.businessName },
        nav: navFor(''),
        csrfToken,
        csrfHeaders: { 'x-csrf-token': csrfToken },
      };
      return reply
        .header('vary', 'HX-Request')
        .type('text/html; charset=utf-8')
        .send(views.render(template, { ...shell, ...toSectionScreen(section, context as Record<string, unknown>) }));
    }

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
