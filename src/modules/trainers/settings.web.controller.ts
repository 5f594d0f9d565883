import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdParam, SESSION_HANDLE_PATTERN } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { attemptForm, formValues } from '../../common/validation/form.js';
import { WebAuthService } from '../auth/web-auth.service.js';
import { navFor } from '../pages/app-sections.js';
import {
  PASSWORD_FIELDS,
  passwordFormErrors,
  POLICY_FIELDS,
  PROFILE_FIELDS,
  REMINDER_SETTINGS_FIELDS,
  reminderSettingsFormErrors,
  toPolicyInput,
  toReminderSettingsInput,
} from './settings.forms.js';
import { SettingsService } from './settings.service.js';
import {
  policyContext,
  profileContext,
  reminderSettingsContext,
  savedPolicy,
  savedProfile,
  savedReminderSettings,
  toSettingsPage,
} from './settings.views.js';

const PAGE = 'pages/settings/index';
/** A section on a page of its own: where a plain form post (no JavaScript) lands when the form needs another look. */
const SECTION_PAGE = 'pages/settings/section';
const SESSIONS = 'partials/settings/sessions';
const nav = () => navFor('settings');

/**
 * /settings: one page of independent sections. With htmx each form swaps only its own card, and the sessions
 * card refreshes itself on "sessionsChanged"; without it every post answers 303 back to /settings.
 */
@WebController('settings')
export class SettingsWebController {
  constructor(
    private readonly settings: SettingsService,
    private readonly webAuth: WebAuthService,
    private readonly htmx: HtmxKit,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const screen = await this.settings.screen(actor);
    this.htmx.for(req, reply).page(PAGE, { nav: nav(), ...toSettingsPage(screen, req.webSessionHandle) });
  }

  /** The sessions card's own refresh URL (a fragment for htmx, else the whole page). */
  @Get('sessions')
  async sessions(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const screen = await this.settings.screen(actor);
    this.htmx
      .for(req, reply)
      .pageOrFragment(PAGE, SESSIONS, { nav: nav(), ...toSettingsPage(screen, req.webSessionHandle) });
  }

  @Post('profile')
  async updateProfile(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, PROFILE_FIELDS);
    const saved = await attemptForm(this.settings.update(actor, values));
    const template = 'partials/settings/profile';
    if (!saved.ok)
      return web.modal(
        template,
        SECTION_PAGE,
        { title: 'Profile', nav: nav(), section: 'profile', ...profileContext({ values, errors: saved.errors }) },
        422,
      );
    web.toast('Profile saved.');
    if (!web.partial) return web.done('/settings');
    web.fragment(template, savedProfile(saved.value));
  }

  @Post('policy')
  async updatePolicy(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, POLICY_FIELDS);
    const saved = await attemptForm(this.settings.update(actor, toPolicyInput(values)));
    const template = 'partials/settings/policy';
    if (!saved.ok) {
      const form = policyContext({ values, errors: saved.errors });
      return web.modal(
        template,
        SECTION_PAGE,
        { title: 'Booking policy', nav: nav(), section: 'policy', ...form },
        422,
      );
    }
    web.toast('Booking policy saved.');
    if (!web.partial) return web.done('/settings');
    web.fragment(template, savedPolicy(saved.value));
  }

  /** Lead times, quiet hours and which emails go out: the worker plans every later booking's reminders with them. */
  @Post('reminders')
  async updateReminders(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, REMINDER_SETTINGS_FIELDS);
    const saved = await attemptForm(this.settings.update(actor, toReminderSettingsInput(values)));
    const template = 'partials/settings/reminders';
    if (!saved.ok) {
      const form = reminderSettingsContext({ values, errors: reminderSettingsFormErrors(saved.errors) });
      return web.modal(
        template,
        SECTION_PAGE,
        { title: 'Reminders and emails', nav: nav(), section: 'reminders', ...form },
        422,
      );
    }
    web.toast('Reminder settings saved.');
    if (!web.partial) return web.done('/settings');
    web.fragment(template, savedReminderSettings(saved.value));
  }

  /** A new password ends every session, this one included: the browser gets a fresh one and reloads the page. */
  @Post('password')
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const web = this.htmx.for(req, reply);
    const values = formValues(body, PASSWORD_FIELDS);
    const passwordForm = (errors: Record<string, string[]>, status: number) =>
      web.modal(
        'partials/settings/password',
        SECTION_PAGE,
        { title: 'Password', nav: nav(), section: 'password', password: { values: {}, errors } },
        status,
      );
    const errors = passwordFormErrors(values);
    if (Object.keys(errors).length > 0) return passwordForm(errors, 422);
    try {
      const account = await this.settings.changePassword(actor, values.currentPassword, values.newPassword);
      // Transport work, not a second rule: the browser needs a session cookie for the account's new auth version.
      await this.webAuth.signIn(req, reply, account);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      // Too many wrong current passwords: the same form with its field message, as a 429 with Retry-After.
      if (error.kind === 'too_many') void reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
      return passwordForm(error.details.fields, error.kind === 'too_many' ? 429 : 422);
    }
    // A full reload: the page's CSRF token belonged to the session that just ended.
    web.toast('Password changed. Every other session and device has been logged out.').reload('/settings');
  }

  @Post('sessions/revoke-others')
  async revokeOthers(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { sessions, devices } = await this.settings.revokeEverywhereElse(actor, req.webSessionHandle);
    const message = `Logged out ${sessions} other session${sessions === 1 ? '' : 's'} and ${devices} device token${devices === 1 ? '' : 's'}.`;
    this.htmx.for(req, reply).toast(message).trigger('sessionsChanged').done('/settings');
  }

  @Post('sessions/:handle/revoke')
  async revokeSession(
    @CurrentActor() actor: Actor,
    @IdParam('handle', SESSION_HANDLE_PATTERN) handle: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.settings.revokeSession(actor, handle);
    const web = this.htmx.for(req, reply);
    if (handle === req.webSessionHandle) return web.navigate('/login');
    web.toast('Session logged out.').trigger('sessionsChanged').done('/settings');
  }

  @Post('devices/:familyId/revoke')
  async revokeDevice(
    @CurrentActor() actor: Actor,
    @IdParam('familyId') familyId: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.settings.revokeDevice(actor, familyId);
    this.htmx.for(req, reply).toast('Device logged out.').trigger('sessionsChanged').done('/settings');
  }
}
