import { ViewEngine } from '../../src/common/views/view-engine.js';
import { localDateOf } from '../../src/common/time/zoned-time.js';
import { AnalyticsReportsRepository } from '../../src/modules/analytics/analytics-reports.repository.js';
import { AnalyticsReportsService } from '../../src/modules/analytics/analytics-reports.service.js';
import { parseAnalyticsQuery } from '../../src/modules/analytics/analytics.form.js';
import { ANALYTICS_TEMPLATES as T, toAnalyticsScreen } from '../../src/modules/analytics/analytics.views.js';
import { appActor, kyselyHost, shellOf } from './app-reads.js';
import type { Comparator } from './common.js';

/**
 * The analytics page scenario's bare comparator: the #analytics report htmx swaps in when the range changes, with
 * the same Redis session lookup, one SQL statement for the actor, the app's own report reads over raw pg (see
 * app-reads.ts) and the app's templates compiled once at boot.
 */
const comparator: Comparator = {
  register(app, deps) {
    const views = new ViewEngine();
    const reports = new AnalyticsReportsService(new AnalyticsReportsRepository(kyselyHost(deps.pool) as never));

    app.get('/analytics', async (req, reply) => {
      const bare = await deps.sessionActor(req.headers.cookie);
      if (!bare?.trainerId) return reply.code(401).send();
      const actor = appActor(bare);
      const asked = parseAnalyticsQuery(req.query as Record<string, unknown>, localDateOf(new Date(), actor.timeZone));
      const overview = await reports.overview(actor, asked.range);
      return reply
        .header('vary', 'HX-Request')
        .type('text/html; charset=utf-8')
        .send(views.render(T.report, { ...shellOf(bare), ...toAnalyticsScreen(asked, overview) }));
    });
  },
};

export default comparator;
