import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { Public } from '../../common/http/route-access.js';
import { safeNextPath } from '../../common/http/safe-redirect.js';
import { redirect } from '../../common/htmx/htmx.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formValues, type FormState } from '../../common/validation/form.js';
import { PageRenderer } from '../../common/views/page-renderer.js';
import { AccountsService } from './accounts.service.js';
import { AuthErrorCode } from './auth.errors.js';
import {
  currencySelect,
  LOGIN_FIELDS,
  missingRegisterFields,
  REGISTER_FIELDS,
  timeZoneSelect,
  toRegisterInput,
} from './auth.forms.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { WebAuthService } from './web-auth.service.js';

/** /login, /register and /logout: plain forms that htmx boosts; each answer is a full page or a redirect. */
@WebController()
export class AuthWebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly accounts: AccountsService,
    private readonly webAuth: WebAuthService,
    private readonly throttle: LoginThrottleService,
  ) {}

  @Get('login')
  @Public()
  loginPage(@Query('next') next: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    if (req.actor) return redirect(req, reply, safeNextPath(next));
    this.renderLogin(req, reply, { values: { email: '', next: typeof next === 'string' ? safeNextPath(next, '') : '' }, errors: {} });
  }

  @Post('login')
  @Public()
  async login(@Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, LOGIN_FIELDS);
    const form = { values: { email: values.email, next: values.next }, errors: {} as Record<string, string[]> };
    try {
      const account = await this.throttle.attempt(values.email, req.ip, () => this.accounts.authenticate(values.email, values.password));
      await this.webAuth.signIn(req, reply, account);
      redirect(req, reply, safeNextPath(values.next));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      form.errors._form = [error.message];
      const status = error.code === AuthErrorCode.TooManyAttempts ? 429 : 401;
      if (status === 429) void reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
      this.renderLogin(req, reply, form, status);
    }
  }

  @Get('register')
  @Public()
  registerPage(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    if (req.actor) return redirect(req, reply, '/dashboard');
    this.renderRegister(req, reply, { values: { timeZone: '', currency: 'GBP' }, errors: {} });
  }

  @Post('register')
  @Public()
  async register(@Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, REGISTER_FIELDS);
    const kept = { ...values, password: '' };
    const missing = missingRegisterFields(values);
    if (Object.keys(missing).length > 0) return this.renderRegister(req, reply, { values: kept, errors: missing }, 422);
    try {
      const account = await this.accounts.register(toRegisterInput(values));
      await this.webAuth.signIn(req, reply, account);
      this.webAuth.flash(reply, { kind: 'success', message: `Welcome to TrainerHub, ${account.user.name}!` });
      redirect(req, reply, '/dashboard');
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      this.renderRegister(req, reply, { values: kept, errors: error.details.fields }, 422);
    }
  }

  @Post('logout')
  @Public()
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.webAuth.signOut(req, reply);
    this.webAuth.flash(reply, { kind: 'info', message: 'You’re logged out. See you soon!' });
    redirect(req, reply, '/login');
  }

  private renderLogin(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200): void {
    this.pages.sendPage(req, reply, 'pages/auth/login', { title: 'Log in', bare: true, form }, status);
  }

  private renderRegister(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200): void {
    this.pages.sendPage(
      req,
      reply,
      'pages/auth/register',
      {
        title: 'Create your account',
        bare: true,
        form,
        timeZones: timeZoneSelect(form.values.timeZone || 'Europe/London'),
        currencies: currencySelect(form.values.currency || 'GBP'),
        guessTimeZone: !form.values.timeZone,
      },
      status,
    );
  }
}
