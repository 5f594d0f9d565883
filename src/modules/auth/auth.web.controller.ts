import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebController } from '../../common/http/web-controller.decorator.js';
import { Public } from '../../common/http/route-access.js';
import { safeNextPath } from '../../common/http/safe-redirect.js';
import { HtmxKit } from '../../common/htmx/htmx-kit.js';
import { WebShell } from '../../common/views/web-shell.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formValues, type FormState } from '../../common/validation/form.js';
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
    private readonly htmx: HtmxKit,
    private readonly accounts: AccountsService,
    private readonly webAuth: WebAuthService,
    private readonly throttle: LoginThrottleService,
    shell: WebShell,
  ) {
    // Error pages for unknown URLs, which no guard sees, load the session the same way as every page.
    shell.use((req, reply) => this.webAuth.attach(req, reply));
  }

  @Get('login')
  @Public()
  loginPage(@Query('next') next: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    if (req.actor) return this.htmx.for(req, reply).navigate(safeNextPath(next));
    this.renderLogin(req, reply, {
      values: { email: '', next: typeof next === 'string' ? safeNextPath(next, '') : '' },
      errors: {},
    });
  }

  @Post('login')
  @Public()
  async login(@Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = formValues(body, LOGIN_FIELDS);
    const form = { values: { email: values.email, next: values.next }, errors: {} as Record<string, string[]> };
    try {
      const account = await this.throttle.attempt(values.email, req.ip, () =>
        this.accounts.authenticate(values.email, values.password),
      );
      await this.webAuth.signIn(req, reply, account);
      this.htmx.for(req, reply).navigate(safeNextPath(values.next));
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
    if (req.actor) return this.htmx.for(req, reply).navigate('/dashboard');
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
      this.htmx.for(req, reply).toast(`Welcome to TrainerHub, ${account.user.name}!`).navigate('/dashboard');
    } catch (error) {
      if (!(error instanceof DomainError) || !error.details.fields) throw error;
      this.renderRegister(req, reply, { values: kept, errors: error.details.fields }, 422);
    }
  }

  @Post('logout')
  @Public()
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.webAuth.signOut(req, reply);
    this.htmx.for(req, reply).toast('You’re logged out. See you soon!', 'info').navigate('/login');
  }

  private renderLogin(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200): void {
    this.htmx.for(req, reply).page('pages/auth/login', { title: 'Log in', bare: true, form }, status);
  }

  private renderRegister(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200): void {
    this.htmx.for(req, reply).page(
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
