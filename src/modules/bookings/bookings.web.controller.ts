import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { isPartial, redirect, trigger } from '../../common/htmx/htmx.js';
import { localDateOf, localTimeOf } from '../../common/time/zoned-time.js';
import { formValues, type FormState } from '../../common/validation/form.js';
import { isUuid } from '../../common/validation/validators.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { AvailabilityService } from '../availability/availability.service.js';
import { WebAuthService } from '../auth/web-auth.service.js';
import { ClientsService } from '../clients/clients.service.js';
import { navFor } from '../pages/app-sections.js';
import { TrainersService } from '../trainers/trainers.service.js';
import { CreditsService } from '../packages/credits.service.js';
import { CancelledBy } from './booking-status.js';
import { BOOKING_FIELDS, durationOptions, emptyBookingForm, parseBookingForm, parseRescheduleForm, RESCHEDULE_FIELDS } from './booking.form.js';
import { BookingErrorCode } from './booking.errors.js';
import type { Booking } from './booking.entity.js';
import { listQueryString, parseListQuery, SHOW_OPTIONS, toBookingFilter, type ListQueryValues } from './bookings.filters.js';
import { BookingsService } from './bookings.service.js';
import { durationOf } from './bookings.types.js';
import { groupByDay, mondayOf, paymentOptions, toBookingRow, toWeekView } from './bookings.views.js';

const CREATE_ACTION = { label: 'New booking', href: '/bookings/create-form', hxGet: '/bookings/create-form' };
type RowAction = 'confirm' | 'complete' | 'no-show' | 'waive';

/** /bookings: the list and week views, the booking modal, and one POST per lifecycle action. */
@WebController('bookings')
export class BookingsWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly bookings: BookingsService,
    private readonly clients: ClientsService,
    private readonly availability: AvailabilityService,
    private readonly trainers: TrainersService,
    private readonly credits: CreditsService,
    private readonly webAuth: WebAuthService,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = query.view === 'week' ? 'week' : 'list';
    const context = view === 'week' ? await this.weekContext(actor, query) : await this.listContext(actor, parseListQuery(query));
    this.pages.sendPage(req, reply, 'pages/bookings/index', {
      title: 'Bookings',
      nav: navFor('bookings'),
      primaryAction: CREATE_ACTION,
      view,
      isWeek: view === 'week',
      ...context,
    });
  }

  /** The list fragment (#bookings-list) that filters and the bookingsChanged event refresh. */
  @Get('list')
  async list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    this.pages.sendFragment(reply, 'partials/bookings/list', await this.listContext(actor, parseListQuery(query)));
  }

  @Get('create-form')
  async createForm(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const defaults = {
      date: typeof query.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query.date) ? query.date : localDateOf(new Date(), actor.timeZone),
      clientId: typeof query.clientId === 'string' ? query.clientId : '',
    };
    await this.renderCreateForm(actor, req, reply, emptyBookingForm(defaults));
  }

  @Post('create')
  async create(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, BOOKING_FIELDS);
    const { currency } = await this.trainers.getProfile(actor);
    const parsed = parseBookingForm(values, actor.timeZone, currency);
    if (!parsed.ok) return this.renderCreateForm(actor, req, reply, { values, errors: parsed.errors }, 422);
    try {
      const { booking } = await this.bookings.create(actor, parsed.value);
      this.done(req, reply, `Session booked with ${booking.client.name} on ${toBookingRow(booking, actor.timeZone).when}.`);
    } catch (error) {
      const form = this.formError(error, values);
      if (!form) throw error;
      await this.renderCreateForm(actor, req, reply, form.state, form.status);
    }
  }

  /** The "Payment" field for the chosen client: their usable credits (soonest expiry first) or pay per session. */
  @Get('payment-options')
  async paymentOptions(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const clientId = typeof query.clientId === 'string' ? query.clientId : '';
    const selected = typeof query.payWith === 'string' ? query.payWith : undefined;
    this.pages.sendFragment(reply, 'partials/bookings/payment-options', await this.paymentContext(actor, clientId, selected));
  }

  @Get(':id/reschedule-form')
  async rescheduleForm(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const booking = await this.bookings.get(actor, id);
    const minutes = String(durationOf(booking));
    const values = {
      date: localDateOf(booking.startTime, actor.timeZone),
      time: localTimeOf(booking.startTime, actor.timeZone),
      durationMinutes: minutes,
      customMinutes: minutes,
    };
    this.renderModal(req, reply, 'bookings/reschedule-form', { booking: toBookingRow(booking, actor.timeZone), form: { values, errors: {} }, durations: durationOptions(minutes) });
  }

  @Post(':id/reschedule')
  async reschedule(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, RESCHEDULE_FIELDS);
    const parsed = parseRescheduleForm(values, actor.timeZone);
    let state: FormState = { values, errors: parsed.ok ? {} : parsed.errors };
    let status = 422;
    if (parsed.ok) {
      try {
        const { booking } = await this.bookings.reschedule(actor, id, parsed.value);
        return this.done(req, reply, `Moved to ${toBookingRow(booking, actor.timeZone).when}.`);
      } catch (error) {
        const form = this.formError(error, values);
        if (!form) throw error;
        ({ state, status } = { state: form.state, status: form.status });
      }
    }
    const booking = await this.bookings.get(actor, id);
    this.renderModal(req, reply, 'bookings/reschedule-form', { booking: toBookingRow(booking, actor.timeZone), form: state, durations: durationOptions(values.durationMinutes ?? '') }, status);
  }

  @Get(':id/cancel-form')
  async cancelForm(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { booking, byTrainer, byClient } = await this.bookings.cancellationPreview(actor, id);
    this.renderModal(req, reply, 'bookings/cancel-form', {
      booking: toBookingRow(booking, actor.timeZone),
      form: { values: { cancelledBy: 'trainer' }, errors: {} },
      credit: booking.clientPackage ? { byTrainer: byTrainer.message, byClient: byClient.message, forfeits: byClient.outcome === 'forfeited' } : null,
    });
  }

  @Post(':id/cancel')
  async cancel(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, ['reason', 'cancelledBy']);
    const by = values.cancelledBy === 'client' ? CancelledBy.Client : CancelledBy.Trainer;
    const { booking, credit } = await this.bookings.cancel(actor, id, { reason: values.reason, by });
    this.done(req, reply, `Session with ${booking.client.name} cancelled. ${credit.outcome === 'none' ? '' : credit.message}`.trim());
  }

  @Post(':id/confirm')
  confirm(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.rowAction(actor, id, 'confirm', req, reply);
  }

  @Post(':id/complete')
  complete(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.rowAction(actor, id, 'complete', req, reply);
  }

  @Post(':id/no-show')
  noShow(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.rowAction(actor, id, 'no-show', req, reply);
  }

  @Post(':id/waive')
  waive(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.rowAction(actor, id, 'waive', req, reply);
  }

  /** Status changes swap the row in place for htmx; plain posts come back to where they came from. */
  private async rowAction(actor: Actor, id: string, action: RowAction, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const booking = await this.apply(actor, id, action);
    const row = toBookingRow(booking, actor.timeZone);
    const message = action === 'waive' ? `Credit given back to ${row.clientName}.` : `${row.clientName}, ${row.when}: ${row.statusLabel.toLowerCase()}.`;
    if (isPartial(req)) {
      trigger(reply, { flash: { kind: 'success', message } });
      return this.pages.sendFragment(reply, 'partials/bookings/row', { ...row, csrfToken: req.shell?.csrfToken });
    }
    this.webAuth.flash(reply, { kind: 'success', message });
    redirect(req, reply, this.backTo(req));
  }

  private apply(actor: Actor, id: string, action: RowAction): Promise<Booking> {
    if (action === 'confirm') return this.bookings.confirm(actor, id);
    if (action === 'complete') return this.bookings.complete(actor, id);
    if (action === 'waive') return this.bookings.waiveForfeit(actor, id, 'Waived by the trainer');
    return this.bookings.markNoShow(actor, id);
  }

  /** After a create, reschedule or cancel: htmx closes the modal and refreshes lists; no-JS gets PRG. */
  private done(req: FastifyRequest, reply: FastifyReply, message: string): void {
    if (isPartial(req)) {
      // creditsChanged: a booking may take or give back a package credit shown on the client page.
      trigger(reply, { bookingsChanged: true, creditsChanged: true, closeModal: true, flash: { kind: 'success', message } });
      void reply.status(204).send();
      return;
    }
    this.webAuth.flash(reply, { kind: 'success', message });
    redirect(req, reply, '/bookings');
  }

  /** Domain errors that belong in the form (overlap, outside hours, archived client) rather than a flash. */
  private formError(error: unknown, values: Record<string, string>): { state: FormState; status: number } | null {
    if (!(error instanceof DomainError)) return null;
    if (error.code === BookingErrorCode.OutsideWorkingHours) {
      return { state: { values, errors: { _hours: (error.details.warnings as string[]) ?? [error.message] } }, status: 422 };
    }
    if (error.code === BookingErrorCode.Overlap) return { state: { values, errors: { time: [error.message] } }, status: 409 };
    // Another trainer's client id still answers 404, but with the form so the trainer can pick again.
    if (error.details.fields) return { state: { values, errors: error.details.fields }, status: error.kind === 'not_found' ? 404 : 422 };
    return null;
  }

  private async paymentContext(actor: Actor, clientId: string, selected?: string) {
    const credits = isUuid(clientId) ? await this.credits.usableFor(actor, clientId, new Date()) : [];
    return {
      paymentOptions: paymentOptions(credits, selected || undefined, actor.timeZone),
      paymentHelp: credits.length > 0 ? 'Defaults to the package that expires soonest.' : 'No package credits for this client: the session is paid for on its own.',
    };
  }

  private async renderCreateForm(actor: Actor, req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200): Promise<void> {
    const clients = await this.clients.listActiveForSelect(actor);
    const payment = await this.paymentContext(actor, form.values.clientId || clients[0]?.id || '', form.values.payWith);
    this.renderModal(
      req,
      reply,
      'bookings/create-form',
      {
        form,
        clients: clients.map((client) => ({ value: client.id, label: client.name, selected: client.id === form.values.clientId })),
        hasClients: clients.length > 0,
        durations: durationOptions(form.values.durationMinutes ?? '60'),
        isCustom: form.values.durationMinutes === 'custom',
        ...payment,
      },
      status,
    );
  }

  /** Modal forms: a fragment for htmx, a page of their own for browsers without JavaScript. */
  private renderModal(req: FastifyRequest, reply: FastifyReply, partial: string, context: Record<string, unknown>, status = 200): void {
    if (isPartial(req)) return this.pages.sendFragment(reply, `partials/${partial}`, { ...req.shell, ...context }, status);
    this.pages.sendPage(req, reply, 'pages/bookings/form-page', { title: 'Bookings', nav: navFor('bookings'), partial, ...context }, status);
  }

  private async listContext(actor: Actor, values: ListQueryValues) {
    const [page, clients, trainer] = await Promise.all([
      this.bookings.list(actor, toBookingFilter(values, actor.timeZone)),
      this.clients.listActiveForSelect(actor),
      this.trainers.getProfile(actor),
    ]);
    const now = new Date();
    const rows = page.items.map((booking) => toBookingRow(booking, actor.timeZone, now, trainer.cancellationCutoffHours));
    return {
      filters: values,
      showOptions: SHOW_OPTIONS.map((option) => ({ ...option, selected: option.value === values.show })),
      clientOptions: [{ value: '', label: 'All clients', selected: !values.clientId }].concat(
        clients.map((client) => ({ value: client.id, label: client.name, selected: client.id === values.clientId })),
      ),
      groups: groupByDay(rows),
      isEmpty: rows.length === 0,
      pagination: {
        prevUrl: values.page > 1 ? `/bookings${listQueryString(values, values.page - 1)}` : null,
        nextUrl: page.nextCursor ? `/bookings${listQueryString(values, values.page + 1)}` : null,
        label: `Page ${values.page}`,
      },
      listUrl: `/bookings/list${listQueryString(values, values.page)}`,
    };
  }

  private async weekContext(actor: Actor, query: Record<string, unknown>) {
    const today = localDateOf(new Date(), actor.timeZone);
    const asked = typeof query.week === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query.week) ? query.week : today;
    const monday = mondayOf(asked);
    const [bookings, availability] = await Promise.all([this.bookings.inWeek(actor, monday), this.availability.getWeek(actor)]);
    return { week: toWeekView(monday, bookings, availability.weekly, actor.timeZone, today) };
  }

  private backTo(req: FastifyRequest): string {
    const referer = req.headers.referer;
    try {
      const url = referer ? new URL(referer) : null;
      if (url && url.host === req.headers.host && url.pathname.startsWith('/')) return `${url.pathname}${url.search}`;
    } catch {
      // Fall through to the list.
    }
    return '/bookings';
  }
}
