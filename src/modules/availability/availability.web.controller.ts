import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { attemptForm, emptyForm, formValues } from '../../common/validation/form.js';
import { navFor } from '../pages/app-sections.js';
import {
  applyWeekOp,
  DAY_OFF_FIELDS,
  focusAfter,
  parseMinutes,
  parseWeekForm,
  rowErrors,
  rowsFromWeek,
  SLOT_QUERY_FIELDS,
  slotQueryMinutes,
  toWeeklyInput,
} from './availability.form.js';
import { AvailabilityService } from './availability.service.js';
import {
  dayOffFormContext,
  toAvailabilityPage,
  toDayOffRows,
  toSlotsView,
  toWeekEditor,
} from './availability.views.js';
import { AvailabilityError, AvailabilityErrorCode } from './availability.errors.js';

const PAGE = 'pages/availability/index';
const HOURS = 'partials/availability/hours';
const HOURS_PAGE = 'pages/availability/hours';
const DAY_OFF_FORM = 'partials/availability/day-off-form';
const DAY_OFF_PAGE = 'pages/availability/day-off';
const DAYS_OFF_LIST = 'partials/availability/days-off-list';
const SLOTS = 'partials/availability/slots';

const nav = () => navFor('availability');

/**
 * /availability: weekly working hours and days off, plus the slot picker fragment the booking form loads.
 * Every form works as a plain post (303 after success; a form that needs another look gets a page of its own);
 * with htmx each form swaps itself, and the days-off list refreshes on "availabilityChanged".
 */
@WebController('availability')
export class AvailabilityWebController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const week = await this.availability.getWeek(actor);
    this.htmx.for(req, reply).page(PAGE, { nav: nav(), ...toAvailabilityPage(week, actor.timeZone) });
  }

  /** The upcoming days off: the list's own refresh URL (a fragment for htmx, else the whole page). */
  @Get('days-off')
  async daysOff(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const week = await this.availability.getWeek(actor);
    this.htmx
      .for(req, reply)
      .pageOrFragment(PAGE, DAYS_OFF_LIST, { nav: nav(), ...toAvailabilityPage(week, actor.timeZone) });
  }

  /** Saves the week, or (op=add-N, remove-N-i, copy-monday) re-renders the editor with that change, unsaved. */
  @Post('hours')
  async saveHours(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const { rows, op } = parseWeekForm(body);
    if (op.kind !== 'save') {
      const next = applyWeekOp(rows, op);
      return web.modal(HOURS, HOURS_PAGE, {
        title: 'Weekly hours',
        nav: nav(),
        hours: toWeekEditor(next, { dirty: true, focus: focusAfter(op, next) }),
      });
    }
    const { ranges, positions } = toWeeklyInput(rows);
    const saved = await attemptForm(this.availability.replaceWeek(actor, ranges));
    if (!saved.ok) {
      const hours = toWeekEditor(rows, { errors: rowErrors(saved.errors, positions) });
      return web.modal(HOURS, HOURS_PAGE, { title: 'Weekly hours', nav: nav(), hours }, 422);
    }
    web.toast('Working hours saved.');
    if (!web.partial) return web.done('/availability');
    web.fragment(HOURS, { hours: toWeekEditor(rowsFromWeek(saved.value.weekly)) });
  }

  @Post('days-off')
  async addDaysOff(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, DAY_OFF_FIELDS);
    const added = await attemptForm(
      this.availability.addDaysOff(actor, { date: values.date, until: values.until || null, reason: values.reason }),
    );
    if (!added.ok) {
      const form = dayOffFormContext({ values, errors: added.errors }, actor.timeZone);
      return web.modal(DAY_OFF_FORM, DAY_OFF_PAGE, { title: 'Add a day off', nav: nav(), ...form }, 422);
    }
    const [first, ...rest] = toDayOffRows(added.value, actor.timeZone);
    web
      .toast(first && rest.length === 0 ? `Day off added: ${first.label}.` : `${added.value.length} days off added.`)
      .trigger('availabilityChanged');
    if (!web.partial) return web.done('/availability');
    web.fragment(DAY_OFF_FORM, dayOffFormContext(emptyForm(), actor.timeZone));
  }

  /** htmx removes the row at once; the list then refreshes itself (the empty state after the last one). */
  @Post('days-off/:id/delete')
  async removeDayOff(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.availability.removeDayOff(actor, id);
    const web = this.htmx.for(req, reply).toast('Day off removed.').trigger('availabilityChanged');
    if (!web.partial) return web.done('/availability');
    web.remove();
  }

  /**
   * The booking form's slot picker: `?date=YYYY-MM-DD&durationMinutes=60[&excludeBookingId=…][&time=HH:MM]`
   * (`durationMinutes=custom&customMinutes=50` works too). Always a fragment; bad parameters answer 422 with a
   * message in the same place, never an error page. `time` pre-selects that pill when it is free.
   */
  @Get('slots')
  async slots(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(query, SLOT_QUERY_FIELDS);
    if (values.date === '') return web.fragment(SLOTS, { prompt: 'Pick a date to see your free times.' });
    const minutes = slotQueryMinutes(values);
    if (minutes === '') return web.fragment(SLOTS, { prompt: 'Choose a session length to see your free times.' });
    try {
      const day = await this.availability.freeSlots(actor, {
        date: values.date,
        durationMinutes: parseMinutes(minutes),
        excludeBookingId: values.excludeBookingId || null,
      });
      web.fragment(SLOTS, { slots: toSlotsView(day, values.time) });
    } catch (error) {
      if (!(error instanceof AvailabilityError) || error.code !== AvailabilityErrorCode.InvalidSlotQuery) throw error;
      web.fragment(SLOTS, { error: error.message }, 422);
    }
  }
}
