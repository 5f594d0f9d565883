import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IdParam, SESSION_HANDLE_PATTERN } from '../../common/http/id-param.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { isPartial, redirect, trigger } from '../../common/htmx/htmx.js';
import { formValues, type FormState } from '../../common/validation/form.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { AccountSecurityService } from '../auth/account-security.service.js';
import { currencySelect, timeZoneSelect } from '../auth/auth.forms.js';
import { WebAuthService } from '../auth/web-auth.service.js';
import { navFor } from '../pages/app-sections.js';
import {
  PASSWORD_FIELDS,
  POLICY_FIELDS,
  PROFILE_FIELDS,
  policyFormErrors,
  policyValues,
  profileValues,
  toPolicyInput,
} from './settings.forms.js';
import { toDeviceRows, toSessionRows } from './settings.views.js';
import { TrainersService } from './trainers.service.js';

type Section = 'profile' | 'policy' | 'password' | 'sessions';

/** /settings: one page of independent sections. With htmx each form swaps only its own card. */
@WebController('settings')
export class SettingsWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly trainers: TrainersService,
    private readonly security: AccountSecurityService,
    private readonly webAuth: WebAuthService,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderPage(actor, req, reply, {});
  }

  @Post('profile')
  async updateProfile(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, PROFILE_FIELDS);
    await this.save(actor, req, reply, 'profile', values, () => this.trainers.update(actor, values), 'Profile saved.');
  }

  @Post('policy')
  async updatePolicy(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, POLICY_FIELDS);
    await this.save(actor, req, reply, 'policy', values, () => this.trainers.update(actor, toPolicyInput(values)), 'Booking policy saved.');
  }

  @Post('password')
  async changePassword(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, PASSWORD_FIELDS);
    const errors: Record<string, string[]> = {};
    let status = 422;
    if (!values.currentPassword) errors.currentPassword = ['Enter your current password.'];
    if (!values.newPassword) errors.newPassword = ['Choose a new password.'];
    else if (values.newPassword !== values.confirmPassword) errors.confirmPassword = ['The two new passwords don’t match.'];
    if (Object.keys(errors).length === 0) {
      try {
        const account = await this.security.changePassword(actor, values.currentPassword, values.newPassword);
        await this.webAuth.signIn(req, reply, account);
        this.webAuth.flash(reply, { kind: 'success', message: 'Password changed. Every other session and device has been logged out.' });
        // A full reload: the page's CSRF token belonged to the session that just ended.
        if (isPartial(req)) return void reply.status(200).header('hx-redirect', '/settings').send('');
        return redirect(req, reply, '/settings');
      } catch (error) {
        if (!(error instanceof DomainError) || !error.details.fields) throw error;
        Object.assign(errors, error.details.fields);
        // Too many wrong current passwords: the same form with its field message, as a 429 with Retry-After.
        if (error.kind === 'too_many') {
          status = 429;
          void reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
        }
      }
    }
    await this.renderSection(actor, req, reply, 'password', { password: { values: {}, errors } }, status);
  }

  @Post('sessions/revoke-others')
  async revokeOthers(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { sessions, devices } = await this.security.revokeEverywhereElse(actor, req.webSessionHandle);
    await this.afterSessionChange(actor, req, reply, `Logged out ${sessions} other session${sessions === 1 ? '' : 's'} and ${devices} device token${devices === 1 ? '' : 's'}.`);
  }

  @Post('sessions/:handle/revoke')
  async revokeSession(@CurrentActor() actor: Actor, @IdParam('handle', SESSION_HANDLE_PATTERN) handle: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.security.revokeSession(actor, handle);
    if (handle === req.webSessionHandle) return redirect(req, reply, '/login');
    await this.afterSessionChange(actor, req, reply, 'Session logged out.');
  }

  @Post('devices/:familyId/revoke')
  async revokeDevice(@CurrentActor() actor: Actor, @IdParam('familyId') familyId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.security.revokeDevice(actor, familyId);
    await this.afterSessionChange(actor, req, reply, 'Device logged out.');
  }

  private async save(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    section: 'profile' | 'policy',
    values: Record<string, string>,
    work: () => Promise<unknown>,
    message: string,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      const errors = section === 'policy' ? policyFormErrors(error.details.fields) : error.details.fields;
      return this.renderSection(actor, req, reply, section, { [section]: { values, errors } }, 422);
    }
    if (!isPartial(req)) {
      this.webAuth.flash(reply, { kind: 'success', message });
      return redirect(req, reply, '/settings');
    }
    trigger(reply, { flash: { kind: 'success', message } });
    await this.renderSection(actor, req, reply, section, {});
  }

  private async afterSessionChange(actor: Actor, req: FastifyRequest, reply: FastifyReply, message: string): Promise<void> {
    if (!isPartial(req)) {
      this.webAuth.flash(reply, { kind: 'success', message });
      return redirect(req, reply, '/settings');
    }
    trigger(reply, { flash: { kind: 'success', message } });
    await this.renderSection(actor, req, reply, 'sessions', {});
  }

  /** htmx gets just the section's card; a plain post gets the whole page (with the section's errors). */
  private async renderSection(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    section: Section,
    forms: Partial<Record<Section, FormState>>,
    status = 200,
  ): Promise<void> {
    if (!isPartial(req)) return this.renderPage(actor, req, reply, forms, status);
    const context = await this.context(actor, req, forms);
    this.pages.sendFragment(reply, `partials/settings/${section}`, { ...req.shell, ...context }, status);
  }

  private async renderPage(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    forms: Partial<Record<Section, FormState>>,
    status = 200,
  ): Promise<void> {
    const context = await this.context(actor, req, forms);
    this.pages.sendPage(req, reply, 'pages/settings/index', { title: 'Settings', nav: navFor('settings'), ...context }, status);
  }

  private async context(actor: Actor, req: FastifyRequest, forms: Partial<Record<Section, FormState>>) {
    const [trainer, sessions, devices] = await Promise.all([
      this.trainers.getProfile(actor),
      this.security.listSessions(actor),
      this.security.listDevices(actor),
    ]);
    const profile = forms.profile ?? { values: profileValues(trainer), errors: {} };
    const policy = forms.policy ?? { values: policyValues(trainer), errors: {} };
    return {
      profile,
      policy,
      password: forms.password ?? { values: {}, errors: {} },
      timeZones: timeZoneSelect(profile.values.timeZone ?? trainer.timeZone),
      currencies: currencySelect(profile.values.currency ?? trainer.currency),
      sessions: toSessionRows(sessions, req.webSessionHandle, trainer.timeZone),
      devices: toDeviceRows(devices, trainer.timeZone),
      makeUpChecked: policy.values.makeUpCreditOnLateCancel === 'on',
    };
  }
}
