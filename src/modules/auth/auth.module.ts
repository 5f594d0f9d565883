import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccessTokensService } from './access-tokens.service.js';
import { AccountSecurityService } from './account-security.service.js';
import { AccountsService } from './accounts.service.js';
import { ApiAuthGuard } from './api-auth.guard.js';
import { ApiAuthService } from './api-auth.service.js';
import { AuthApiController } from './auth.api.controller.js';
import { AuthWebController } from './auth.web.controller.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordChangeThrottleService } from './password-change-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { WebAuthGuard } from './web-auth.guard.js';
import { WebAuthService } from './web-auth.service.js';
import { WebSessionService } from './web-session.service.js';

/** Global because every web and API controller's guard comes from here. */
@Global()
@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [AuthApiController, AuthWebController],
  providers: [
    AccessTokensService,
    AccountSecurityService,
    AccountsService,
    ApiAuthGuard,
    ApiAuthService,
    JwtStrategy,
    LoginThrottleService,
    PasswordChangeThrottleService,
    PasswordHasher,
    RefreshTokensService,
    WebAuthGuard,
    WebAuthService,
    WebSessionService,
  ],
  exports: [AccountsService, AccountSecurityService, ApiAuthGuard, WebAuthGuard, WebAuthService],
})
export class AuthModule {}
