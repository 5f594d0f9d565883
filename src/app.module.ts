import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { validateEnv, type Env } from './config/env.schema.js';
import { loggerParams } from './config/logger.config.js';
import { createOrmConfig } from './database/orm-config.js';
import { RedisModule } from './common/redis/redis.module.js';
import { QueueModule } from './common/queue/queue.module.js';
import { ViewsModule } from './common/views/views.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { PagesModule } from './modules/pages/pages.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { TrainersModule } from './modules/trainers/trainers.module.js';
import { ClientsModule } from './modules/clients/clients.module.js';
import { AvailabilityModule } from './modules/availability/availability.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { BookingsModule } from './modules/bookings/bookings.module.js';
import { PackagesModule } from './modules/packages/packages.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { IdempotencyModule } from './modules/idempotency/idempotency.module.js';

/** Modules both processes need: validated config, logging, PostgreSQL, Redis and the queues. */
export const CORE_IMPORTS = [
  ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv }),
  LoggerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<Env, true>) =>
      loggerParams({ LOG_LEVEL: config.get('LOG_LEVEL', { infer: true }), NODE_ENV: config.get('NODE_ENV', { infer: true }) }),
  }),
  MikroOrmModule.forRootAsync({
    driver: PostgreSqlDriver,
    inject: [ConfigService],
    // The request context is opened by a Fastify hook in app.factory.ts, which is the documented Fastify way.
    useFactory: (config: ConfigService<Env, true>) => ({
      ...createOrmConfig(config.get('DATABASE_URL', { infer: true })),
      registerRequestContext: false,
    }),
  }),
  RedisModule,
  QueueModule,
];

@Module({
  imports: [...CORE_IMPORTS, ViewsModule, HealthModule, AuthModule, IdempotencyModule, TrainersModule, ClientsModule, PackagesModule, PaymentsModule, AvailabilityModule, AdminModule, BookingsModule, PagesModule],
})
export class AppModule {}
