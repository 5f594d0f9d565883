import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import type { HtmxResponse } from '../../common/htmx/htmx-response.js';
import { localDateOf, localTimeOf } from '../../common/time/zoned-time.js';
import { formValues, type FormState } from '../../common/validation/form.js';
import { isIsoDate } from '../../common/validation/validators.js';
import { BookingScreensService, type RowAction } from './booking-screens.service.js';
import type { SessionRead } from './booking-read.types.js';
import {
  BOOKING_TEMPLATES as T,
  paymentContext,
  toCancelFormScreen,
  toCreateFormScreen,
  toDetailsScreen,
  toListScreen,
  toRescheduleFormScreen,
  toRowView,
  toWeekScreen,
} from './booking-screens.views.js';
import { CancelledBy } from './booking-status.js';
import {
  BOOKING_FIELDS,
  parseBookingForm,
  parseRescheduleForm,
  RESCHEDULE_FIELDS,
  SHOW_SLOTS_INTENT,
} from './booking.form.js';
import { BookingErrorCode } from './booking.errors.js';
import { parseListQuery, toBookingFilter } from './bookings-list.query.js';
import { BookingsService } from './bookings.service.js';
import { durationOf } from './bookings.types.js';
import { mondayOf, toWeekView } from './bookings.views.js';

/** "60" as 60, "custom" as the custom minutes; undefined when neither is a number (no slot list then). */
function formMinutes(values: Record<string, string>): number | undefined {
  const raw = values.durationMinutes === 'custom' ? values.customMinutes : values.durationMinutes;
  return /^\d{1,4}$/.test(raw ?? '') ? Number(raw) : undefined;
}

function formDate(values: Record<string, string>): string | undefined {
  return isIsoDate(values.date ?? '') ? values.date : undefined;
}

/** Domain errors that belong in the form (overlap, outside hours, archived client) rather than a flash. */
function formError(error: unknown, values: Record<string, string>): { state: FormState; status: number } | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === BookingErrorCode.OutsideWorkingHours) {
    return {
      state: { values, errors: { _hours: (error.details.warnings as string[]) ?? [error.message] } },
      status: 422,
    };
  }
  if (error.code === BookingErrorCode.Overlap)
    return { state: { values, errors: { time: [error.message] } }, status: 409 };
  // Another trainer's client id still answers 404, but with the form so the trainer can pick again.
  if (error.details.fields)
    return { state: { values, errors: error.details.fields }, status: error.kind === 'not_found' ? 404 : 422 };
  return null;
}

/** Where a plain (no-JS) row action returns to: the page it came from, if it is ours. */
function backTo(req: FastifyRequest): string {
  try {
    const url = req.headers.referer ? new URL(req.headers.referer) : null;
    if (url && url.host === req.headers.host && url.pathname.startsWith('/')) return `${url.pathname}${url.search}`;
  } catch {
    // Fall through to the list.
  }
  return '/bookings';
}

/**
 * /bookings: the list, the week and day calendar, the booking dialogs, and one POST per lifecycle action. Each
 * handler parses, makes one service call, maps with booking-screens.views.ts and answers through the kit.
 * After a change, "bookingsChanged" refreshes lists and calendars, "creditsChanged" a client's credits card.
 */
@WebController('bookings')
export class BookingsWebController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly screens: BookingScreensService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async page(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    if (query.view !== 'week') {
      const values = parseListQuery(query);
      return web.page(
        T.page,
        toListScreen(
          values,
          await this.screens.listPage(actor, toBookingFilter(values, actor.timeZone)),
          actor.timeZone,
        ),
      );
    }
    const today = localDateOf(new Date(), actor.timeZone);
    const asked = [query.day, query.week].find(
      (value): value is string => typeof value === 'string' && isIsoDate(value),
    );
    const day = asked ?? today;
    const { bookings, hours } = await this.screens.calendar(actor, mondayOf(day), 7);
    web.page(T.page, toWeekScreen(toWeekView(bookings, hours, actor.timeZone, { day, today })));
  }

  /** The list fragment (#bookings-list) that filters and the bookingsChanged event refresh. */
  @Get('list')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = parseListQuery(query);
    this.htmx
      .for(req, reply)
      .fragment(
        T.list,
        toListScreen(
          values,
          { page: await this.screens.list(actor, toBookingFilter(values, actor.timeZone)) },
          actor.timeZone,
        ),
      );
  }

  /** The booking form, prefilled from the query (a calendar slot gives date and time; the no-JS "Show free times"). */
  @Get('create-form')
  async createForm(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const asked = formValues(query, BOOKING_FIELDS);
    const values: Record<string, string> = {
      ...asked,
      date: formDate(asked) ?? localDateOf(new Date(), actor.timeZone),
      durationMinutes: asked.durationMinutes || '60',
    };
    const read = await this.screens.bookingForm(actor, {
      clientId: values.clientId,
      date: values.date,
      durationMinutes: formMinutes(values),
    });
    this.htmx
      .for(req, reply)
      .modal(T.createForm, T.formPage, toCreateFormScreen({ values, errors: {} }, read, actor.timeZone));
  }

  @Post('create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = formValues(body, BOOKING_FIELDS);
    const parsed = parseBookingForm(values, actor.timeZone, actor.currency);
    let failed: { state: FormState; status: number } = {
      state: { values, errors: parsed.ok ? {} : parsed.errors },
      status: 422,
    };
    if (values.intent === SHOW_SLOTS_INTENT) failed = { state: { values, errors: {} }, status: 200 };
    else if (parsed.ok) {
      try {
        const { booking } = await this.bookings.create(actor, parsed.value);
        const when = `${booking.client.name} on ${toRowView({ booking, waivable: false }, actor.timeZone).when}`;
        return this.changed(req, reply).toast(`Session booked with ${when}.`).done('/bookings');
      } catch (error) {
        failed = formError(error, values) ?? rethrow(error);
      }
    }
    const read = await this.screens.bookingForm(actor, {
      clientId: values.clientId,
      date: formDate(values),
      durationMinutes: formMinutes(values),
    });
    this.htmx
      .for(req, reply)
      .modal(T.createForm, T.formPage, toCreateFormScreen(failed.state, read, actor.timeZone), failed.status);
  }

  /** The "Payment" field for the chosen client: their usable credits (soonest expiry first) or pay per session. */
  @Get('payment-options')
  async paymentOptions(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { clientId, payWith } = formValues(query, ['clientId', 'payWith']);
    const credits = await this.screens.paymentCredits(actor, clientId ?? '');
    this.htmx.for(req, reply).fragment(T.paymentOptions, paymentContext(credits, payWith, actor.timeZone));
  }

  /**
   * A session's details and its notification timeline: a dialog for htmx (the calendar, the row menu), a page of its
   * own without JavaScript.
   */
  @Get(':id')
  async details(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const read = await this.screens.details(actor, id);
    this.htmx.for(req, reply).modal(T.details, T.formPage, toDetailsScreen(read, actor.timeZone));
  }

  /** The reschedule form: the session's own time, or the date and length asked for (the no-JS "Show free times"). */
  @Get(':id/reschedule-form')
  async rescheduleForm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const asked = formValues(query, RESCHEDULE_FIELDS);
    const read = await this.screens.rescheduleForm(actor, id, {
      date: formDate(asked),
      durationMinutes: formMinutes(asked),
    });
    const minutes = String(durationOf(read.booking));
    const values = {
      date: localDateOf(read.booking.startTime, actor.timeZone),
      time: localTimeOf(read.booking.startTime, actor.timeZone),
      durationMinutes: minutes,
      customMinutes: minutes,
      ...Object.fromEntries(Object.entries(asked).filter(([, value]) => value !== '')),
    };
    this.htmx
      .for(req, reply)
      .modal(T.rescheduleForm, T.formPage, toRescheduleFormScreen({ values, errors: {} }, read, actor.timeZone));
  }

  @Post(':id/reschedule')
  async reschedule(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = formValues(body, RESCHEDULE_FIELDS);
    const parsed = parseRescheduleForm(values, actor.timeZone);
    let failed: { state: FormState; status: number } = {
      state: { values, errors: parsed.ok ? {} : parsed.errors },
      status: 422,
    };
    if (values.intent === SHOW_SLOTS_INTENT) failed = { state: { values, errors: {} }, status: 200 };
    else if (parsed.ok) {
      try {
        const { booking } = await this.bookings.reschedule(actor, id, parsed.value);
        return this.changed(req, reply)
          .toast(`Moved to ${toRowView({ booking, waivable: false }, actor.timeZone).when}.`)
          .done('/bookings');
      } catch (error) {
        failed = formError(error, values) ?? rethrow(error);
      }
    }
    const read = await this.screens.rescheduleForm(actor, id, {
      date: formDate(values),
      durationMinutes: formMinutes(values),
    });
    this.htmx
      .for(req, reply)
      .modal(T.rescheduleForm, T.formPage, toRescheduleFormScreen(failed.state, read, actor.timeZone), failed.status);
  }

  @Get(':id/cancel-form')
  async cancelForm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const preview = await this.bookings.cancellationPreview(actor, id);
    this.htmx.for(req, reply).modal(T.cancelForm, T.formPage, toCancelFormScreen(preview, actor.timeZone));
  }

  @Post(':id/cancel')
  async cancel(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = formValues(body, ['reason', 'cancelledBy']);
    const by = values.cancelledBy === 'client' ? CancelledBy.Client : CancelledBy.Trainer;
    const { booking, credit } = await this.bookings.cancel(actor, id, { reason: values.reason, by });
    const message =
      `Session with ${booking.client.name} cancelled. ${credit.outcome === 'none' ? '' : credit.message}`.trim();
    this.changed(req, reply).toast(message).done('/bookings');
  }

  @Post(':id/confirm')
  confirm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.rowAction(actor, id, 'confirm', body, req, reply);
  }

  @Post(':id/complete')
  complete(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.rowAction(actor, id, 'complete', body, req, reply);
  }

  @Post(':id/no-show')
  noShow(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.rowAction(actor, id, 'no-show', body, req, reply);
  }

  @Post(':id/waive')
  waive(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.rowAction(actor, id, 'waive', body, req, reply);
  }

  /**
   * A status change from a row swaps that row in place; from the details dialog (view=details) it re-renders the
   * dialog and refreshes lists and calendars behind it. A plain post returns to the page it came from.
   */
  private async rowAction(
    actor: Actor,
    id: string,
    action: RowAction,
    body: unknown,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const toast = (read: SessionRead) => {
      const row = toRowView(read, actor.timeZone);
      web.toast(
        action === 'waive'
          ? `Credit given back to ${row.clientName}.`
          : `${row.clientName}, ${row.when}: ${row.statusLabel.toLowerCase()}.`,
      );
      if (action === 'waive') web.trigger('creditsChanged');
      return row;
    };
    if (web.partial && formValues(body, ['view']).view === 'details') {
      const read = await this.screens.actInDetails(actor, id, action);
      toast(read);
      return web.trigger('bookingsChanged').fragment(T.details, toDetailsScreen(read, actor.timeZone));
    }
    const row = toast(await this.screens.act(actor, id, action));
    if (!web.partial) return web.navigate(backTo(req));
    web.fragment(T.row, { ...row });
  }

  /** A change other screens show: lists and calendars ("bookingsChanged") and a client's credits ("creditsChanged"). */
  private changed(req: FastifyRequest, reply: FastifyReply): HtmxResponse {
    return this.htmx.for(req, reply).trigger('bookingsChanged').trigger('creditsChanged');
  }
}

function rethrow(error: unknown): never {
  throw error;
}
