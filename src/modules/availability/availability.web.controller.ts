import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { isPartial, redirect, trigger } from '../../common/htmx/htmx.js';
import { formValues, type FormState } from '../../common/validation/form.js';
import { localDateOf } from '../../common/time/zoned-time.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { WebAuthService } from '../auth/web-auth.service.js';
import { navFor } from '../pages/app-sections.js';
import { AvailabilityError, AvailabilityErrorCode } from './availability.errors.js';
import {
  applyWeekOp,
  DAY_OFF_FIELDS,
  parseMinutes,
  parseWeekForm,
  rowErrors,
  rowsFromWeek,
  SLOT_QUERY_FIELDS,
  slotQueryMinutes,
  toWeeklyInput,
  type WeekOp,
  type WeekRows,
} from './availability.form.js';
import { AvailabilityService } from './availability.service.js';
import type { DayOff, WeekAvailability } from './availability.types.js';
import { toDayOffRows, toSlotsView, toWeekEditor } from './availability.views.js';

type WeekEditor = ReturnType<typeof toWeekEditor>;

interface PageState {
  hours?: WeekEditor;
  dayOff?: FormState;
}

function focusAfter(op: WeekOp, rows: WeekRows): { weekday: number; row: number | 'add' } | undefined {
  if (op.kind === 'add') return { weekday: op.weekday, row: rows[op.weekday].length - 1 };
  if (op.kind === 'remove') return { weekday: op.weekday, row: 'add' };
  return undefined;
}

/**
 * /availability: weekly working hours and days off (linked from Settings), plus the slot picker fragment the
 * booking form loads. Every form works as a plain post (303 after success); with htmx each form swaps its card.
 */
@WebController('availability')
export class AvailabilityWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly availability: AvailabilityService,
    private readonly webAuth: WebAuthService,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderPage(actor, req, reply, {});
  }

  /** Saves the week, or (op=add-N, remove-N-i, copy-monday) re-renders the editor with that change, unsaved. */
  @Post('hours')
  async saveHours(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { rows, op } = parseWeekForm(body);
    if (op.kind !== 'save') {
      const next = applyWeekOp(rows, op);
      return this.renderHours(actor, req, reply, toWeekEditor(next, { dirty: true, focus: focusAfter(op, next) }));
    }
    const { ranges, positions } = toWeeklyInput(rows);
    let saved: WeekAvailability;
    try {
      saved = await this.availability.replaceWeek(actor, ranges);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      return this.renderHours(actor, req, reply, toWeekEditor(rows, { errors: rowErrors(error.details.fields, positions) }), 422);
    }
    const message = 'Working hours saved.';
    if (!isPartial(req)) {
      this.webAuth.flash(reply, { kind: 'success', message });
      return redirect(req, reply, '/availability');
    }
    trigger(reply, { flash: { kind: 'success', message }, availabilityChanged: true });
    await this.renderHours(actor, req, reply, toWeekEditor(rowsFromWeek(saved.weekly)));
  }

  @Post('days-off')
  async addDaysOff(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, DAY_OFF_FIELDS);
    let added: DayOff[];
    try {
      added = await this.availability.addDaysOff(actor, { date: values.date, until: values.until || null, reason: values.reason });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      return this.renderDaysOff(actor, req, reply, { values, errors: error.details.fields }, 422);
    }
    const [first] = toDayOffRows(added, actor.timeZone);
    const message = added.length === 1 && first ? `Day off added: ${first.label}.` : `${added.length} days off added.`;
    if (!isPartial(req)) {
      this.webAuth.flash(reply, { kind: 'success', message });
      return redirect(req, reply, '/availability');
    }
    trigger(reply, { flash: { kind: 'success', message }, availabilityChanged: true });
    await this.renderDaysOff(actor, req, reply, { values: {}, errors: {} });
  }

  @Post('days-off/:id/delete')
  async removeDayOff(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.availability.removeDayOff(actor, id);
    const message = 'Day off removed.';
    if (!isPartial(req)) {
      this.webAuth.flash(reply, { kind: 'success', message });
      return redirect(req, reply, '/availability');
    }
    trigger(reply, { flash: { kind: 'success', message }, availabilityChanged: true });
    const week = await this.availability.getWeek(actor);
    this.pages.sendFragment(reply, 'partials/availability/days-off-list', { ...req.shell, dayOffRows: toDayOffRows(week.daysOff, actor.timeZone) });
  }

  /**
   * The booking form's slot picker: `?date=YYYY-MM-DD&durationMinutes=60[&excludeBookingId=…][&time=HH:MM]`
   * (`durationMinutes=custom&customMinutes=50` works too). Always a fragment; bad parameters answer 422 with a
   * message in the same place, never an error page. `time` pre-selects that pill when it is free.
   */
  @Get('slots')
  async slots(@CurrentActor() actor: Actor, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(query, SLOT_QUERY_FIELDS);
    const template = 'partials/availability/slots';
    if (values.date === '') return this.pages.sendFragment(reply, template, { prompt: 'Pick a date to see your free times.' });
    const minutes = slotQueryMinutes(values);
    if (minutes === '') return this.pages.sendFragment(reply, template, { prompt: 'Choose a session length to see your free times.' });
    try {
      const day = await this.availability.freeSlots(actor, {
        date: values.date,
        durationMinutes: parseMinutes(minutes),
        excludeBookingId: values.excludeBookingId || null,
      });
      this.pages.sendFragment(reply, template, { slots: toSlotsView(day, values.time) });
    } catch (error) {
      if (!(error instanceof AvailabilityError) || error.code !== AvailabilityErrorCode.InvalidSlotQuery) throw error;
      this.pages.sendFragment(reply, template, { error: error.message }, 422);
    }
  }

  /** htmx gets the hours card; a plain post gets the whole page around it. */
  private async renderHours(actor: Actor, req: FastifyRequest, reply: FastifyReply, hours: WeekEditor, status = 200): Promise<void> {
    if (!isPartial(req)) return this.renderPage(actor, req, reply, { hours }, status);
    this.pages.sendFragment(reply, 'partials/availability/hours', { ...req.shell, hours }, status);
  }

  private async renderDaysOff(actor: Actor, req: FastifyRequest, reply: FastifyReply, dayOff: FormState, status = 200): Promise<void> {
    if (!isPartial(req)) return this.renderPage(actor, req, reply, { dayOff }, status);
    const week = await this.availability.getWeek(actor);
    this.pages.sendFragment(reply, 'partials/availability/days-off', { ...req.shell, ...this.daysOffContext(actor, week.daysOff, dayOff) }, status);
  }

  private async renderPage(actor: Actor, req: FastifyRequest, reply: FastifyReply, state: PageState, status = 200): Promise<void> {
    const week = await this.availability.getWeek(actor);
    this.pages.sendPage(
      req,
      reply,
      'pages/availability/index',
      {
        title: 'Availability',
        nav: navFor('settings'),
        timeZone: actor.timeZone,
        hours: state.hours ?? toWeekEditor(rowsFromWeek(week.weekly)),
        ...this.daysOffContext(actor, week.daysOff, state.dayOff ?? { values: {}, errors: {} }),
      },
      status,
    );
  }

  private daysOffContext(actor: Actor, daysOff: DayOff[], form: FormState) {
    return { dayOff: form, dayOffRows: toDayOffRows(daysOff, actor.timeZone), today: localDateOf(new Date(), actor.timeZone) };
  }
}
