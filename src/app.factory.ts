import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { MikroORM } from '@mikro-orm/postgresql';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { ValidationFailedException } from './common/errors/validation-failed.exception.js';
import { WebErrorRenderer } from './common/errors/web-error-renderer.js';
import { NODE_MODULES_DIR, PUBLIC_DIR } from './common/paths.js';
import { requestIdFor } from './common/http/request-id.js';
import { runInRequestContext } from './common/http/request-context.js';
import { installGracefulClose } from './common/http/graceful-shutdown.js';
import { ShutdownState } from './common/http/shutdown-state.js';
import { cacheControlHook } from './common/http/cache-control.hook.js';
import { bodyGuardHook } from './common/http/body-guard.hook.js';
import { installSecurityHeaders } from './common/http/security-headers.js';
import { clientErrorHandler, FrameworkErrorResponder } from './common/http/framework-errors.js';
import { buildOpenApiDocument } from './openapi.js';
import { loadEnv } from './config/env.schema.js';

/** Third-party browser code served from node_modules under /assets: nothing comes from a CDN. */
const VENDOR_ASSETS: Array<{ prefix: string; root: string }> = [
  { prefix: '/assets/vendor/htmx/', root: join(NODE_MODULES_DIR, 'htmx.org', 'dist') },
  { prefix: '/assets/vendor/alpine/', root: join(NODE_MODULES_DIR, '@alpinejs', 'csp', 'dist') },
  { prefix: '/assets/vendor/chartjs/', root: join(NODE_MODULES_DIR, 'chart.js', 'dist') },
];

const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

/** Builds the HTTP application exactly as production runs it; tests call this too. */
export async function createApp(options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const env = loadEnv();
  const frameworkErrors = new FrameworkErrorResponder();
  const adapter = new FastifyAdapter({
    // Seed URLs work with and without the trailing slash.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    bodyLimit: 1_048_576,
    // Only trust X-Forwarded-For behind a known number of proxies; otherwise clients could pick their own IP.
    trustProxy: (_address: string, hop: number) => hop < env.TRUST_PROXY_HOPS,
    genReqId: (raw: IncomingMessage) => requestIdFor(raw),
    // Shutdown: idle keep-alive connections close at once, requests in flight finish (see graceful-shutdown.ts).
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    // Router and socket-level errors answer in each door's error shape, not Fastify's bare JSON.
    frameworkErrors: frameworkErrors.handle,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // Signals are handled by main.ts (shutDownOnSignals), so tests and scripts that build an app own their lifecycle.

  const fastify = app.getHttpAdapter().getInstance();
  installGracefulClose(fastify, app.get(ShutdownState));
  frameworkErrors.useWebRenderer(app.get(WebErrorRenderer));
  // NUL bytes, broken UTF-16 and absurd nesting are refused before any pipe or form parser runs.
  fastify.addHook('preValidation', bodyGuardHook);
  const orm = app.get(MikroORM);
  // Every request gets its own identity map; without this, requests would share entities.
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    runInRequestContext(orm.em, done);
  });
  fastify.addHook('onSend', cacheControlHook);

  await installSecurityHeaders(fastify, { contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  await app.register(fastifyCookie);
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  for (const vendor of VENDOR_ASSETS) {
    await app.register(fastifyStatic, { root: vendor.root, prefix: vendor.prefix, decorateReply: false, maxAge: '1d' });
  }

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => ValidationFailedException.fromErrors(errors),
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(app.get(WebErrorRenderer)));

  const document = buildOpenApiDocument(app as INestApplication);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'TrainerHub API',
  });
  await app.init();
  await fastify.ready();
  return app;
}
