import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { validateEnv, type Env } from './config/env.schema.js';
import { loggerParams } from './config/logger.config.js';
import { createOrmConfig } from './database/orm-config.js';
import { requestIdFor } from './common/http/request-id.js';
import { RedisModule } from './common/redis/redis.module.js';
import { QueueModule } from './common/queue/queue.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { IdempotencyModule } from './modules/idempotency/idempotency.module.js';
import { TrainersModule } from './modules/trainers/trainers.module.js';
import { ClientsModule } from './modules/clients/clients.module.js';
import { PackagesModule } from './modules/packages/packages.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { AvailabilityModule } from './modules/availability/availability.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { BookingsModule } from './modules/bookings/bookings.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';

/**
 * What both processes share: validated config, logging, PostgreSQL, Redis, the queues and every feature's core
 * (entities and services). It must never import a controller or an `*.http.module`: the worker builds exactly
 * this (plus its processors), and ESLint's `layers/worker` rule keeps it that way.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        loggerParams(
          { LOG_LEVEL: config.get('LOG_LEVEL', { infer: true }), NODE_ENV: config.get('NODE_ENV', { infer: true }) },
          requestIdFor,
        ),
    }),
    MikroOrmModule.forRootAsync({
      driver: PostgreSqlDriver,
      inject: [ConfigService],
      // The request context is opened by a Fastify hook in app.factory.ts (the documented Fastify way), and by
      // each processor in the worker.
      useFactory: (config: ConfigService<Env, true>) => ({
        ...createOrmConfig(config.get('DATABASE_URL', { infer: true })),
        registerRequestContext: false,
      }),
    }),
    RedisModule,
    QueueModule,
    AuthModule,
    IdempotencyModule,
    TrainersModule,
    ClientsModule,
    PackagesModule,
    PaymentsModule,
    AvailabilityModule,
    AdminModule,
    BookingsModule,
    NotificationsModule,
    DashboardModule,
  ],
  exports: [
    AuthModule,
    TrainersModule,
    ClientsModule,
    PackagesModule,
    PaymentsModule,
    AvailabilityModule,
    AdminModule,
    BookingsModule,
    NotificationsModule,
  ],
})
export class CoreModule {}
