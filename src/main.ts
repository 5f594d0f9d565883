import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.factory.js';
import type { Env } from './config/env.schema.js';

/** The HTTP process: web pages, /api/v1 and /docs. */
async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get(ConfigService<Env, true>);
  await app.listen({ port: config.get('PORT', { infer: true }), host: config.get('HOST', { infer: true }) });
  console.log(`TrainerHub web listening on ${config.get('PUBLIC_URL', { infer: true })}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
