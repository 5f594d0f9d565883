import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { NotificationsModule } from './notifications.module.js';
import { registerUnsubscribeBodyParser } from './unsubscribe-body.parser.js';
import { UnsubscribeWebController } from './unsubscribe.web.controller.js';

/** The HTTP part of notifications: the public unsubscribe links. Imported by the web process only. */
@Module({ imports: [NotificationsModule], controllers: [UnsubscribeWebController] })
export class NotificationsHttpModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // An application context of the app module (scripts, tests) has no HTTP server to register with.
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | null;
    if (adapter) registerUnsubscribeBodyParser(adapter.getInstance<FastifyInstance>());
  }
}
