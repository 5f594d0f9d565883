import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { localDateOf } from '../../common/time/zoned-time.js';
import { attemptForm } from '../../common/validation/form.js';
import { AnalyticsReportsService } from './analytics-reports.service.js';
import { REPORT_TABLES } from './analytics-reports.types.js';
import { toReportCsv } from './analytics-export.views.js';
import { parseAnalyticsQuery } from './analytics.form.js';
import { ANALYTICS_TEMPLATES as T, toAnalyticsErrorScreen, toAnalyticsScreen } from './analytics.views.js';

/**
 * /analytics: one page whose range lives in the URL (bookmarkable), answered whole or, when htmx asks, as the
 * #analytics fragment the picker swaps; and a CSV per table. A range that does not check out re-renders the
 * picker with its field messages (422), never an error page.
 */
@WebController('analytics')
export class AnalyticsWebController {
  constructor(
    private readonly reports: AnalyticsReportsService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async page(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const asked = parseAnalyticsQuery(query, localDateOf(new Date(), actor.timeZone));
    const attempt = await attemptForm(this.reports.overview(actor, asked.range));
    const web = this.htmx.for(req, reply);
    if (!attempt.ok) return web.pageOrFragment(T.page, T.report, toAnalyticsErrorScreen(asked, attempt.errors), 422);
    web.pageOrFragment(T.page, T.report, toAnalyticsScreen(asked, attempt.value));
  }

  /**
   * /analytics/export/<table>.csv?from&to&granularity: one table as a download. One static route per table (no path
   * parameter), so an unknown name is the router's plain 404.
   */
  @Get(REPORT_TABLES.map((table) => `export/${table}.csv`))
  async exportTable(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const asked = parseAnalyticsQuery(query, localDateOf(new Date(), actor.timeZone));
    const table = /\/export\/([a-z-]+)\.csv\/?$/.exec(req.routeOptions.url ?? '')?.[1] ?? '';
    const { body, filename } = toReportCsv(await this.reports.table(actor, table, asked.range));
    void reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(body);
  }
}
