import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokensService } from './access-tokens.service.js';
import { ActorCache } from './actor-cache.js';
import { ActorChangeSubscriber } from './actor-change.subscriber.js';
import { AccountSecurityService } from './account-security.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import { ApiAuthService } from './api-auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordChangeThrottleService } from './password-change-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { WebSessionService } from './web-session.service.js';

/**
 * The auth core: accounts, passwords, sessions and tokens. Global because both doors of every feature reach
 * accounts through it. Guards, the JWT strategy and the browser door's cookie work live in auth.http.module.ts.
 */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    AccessTokensService,
    ActorCache,
    ActorChangeSubscriber,
    AccountSecurityService,
    AccountsRepository,
    AccountsService,
    ApiAuthService,
    LoginThrottleService,
    PasswordChangeThrottleService,
    PasswordHasher,
    RefreshTokensRepository,
    RefreshTokensService,
    WebSessionService,
  ],
  exports: [
    AccessTokensService,
    ActorCache,
    AccountSecurityService,
    AccountsService,
    ApiAuthService,
    LoginThrottleService,
    PasswordChangeThrottleService,
    RefreshTokensService,
    WebSessionService,
  ],
})
export class AuthModule {}
