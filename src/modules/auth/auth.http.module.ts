import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { RouteAccessReader } from './route-access.reader.js';
import { ActorChangeListener } from './actor-change-listener.js';
import { ApiAuthGuard } from './api-auth.guard.js';
import { AuthApiController } from './auth.api.controller.js';
import { AuthModule } from './auth.module.js';
import { AuthWebController } from './auth.web.controller.js';
import { DoorGuard } from './door.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { WebAuthGuard } from './web-auth.guard.js';
import { WebAuthService } from './web-auth.service.js';

/**
 * The doors' authentication: the global DoorGuard and the two door guards it dispatches to (the API one through
 * passport-jwt), cookies and CSRF, and the login/sign-up endpoints.
 */
@Global()
@Module({
  imports: [AuthModule, PassportModule],
  controllers: [AuthApiController, AuthWebController],
  providers: [
    RouteAccessReader,
    // Web processes only: the worker reads no signed-in accounts, so its ActorCache stays dark.
    ActorChangeListener,
    ApiAuthGuard,
    JwtStrategy,
    WebAuthGuard,
    WebAuthService,
    { provide: APP_GUARD, useClass: DoorGuard },
  ],
  exports: [WebAuthService],
})
export class AuthHttpModule {}
