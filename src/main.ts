import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.factory.js';
import { shutDownOnSignals } from './common/http/graceful-shutdown.js';
import { enforceDeployCheckAtBoot } from './config/deploy-probes.js';
import { type Env, loadEnv } from './config/env.schema.js';

/** The HTTP process: web pages, /api/v1 and /docs. */
async function bootstrap(): Promise<void> {
  // Production only: refuses default secrets, cookies without Secure, an evicting Redis, a superuser role, debug logs.
  await enforceDeployCheckAtBoot(loadEnv());
  const app = await createApp();
  // SIGTERM: readiness 503 at once, drain in-flight requests, close idle connections, exit within 10 s.
  shutDownOnSignals(app);
  const config = app.get(ConfigService<Env, true>);
  await app.listen({ port: config.get('PORT', { infer: true }), host: config.get('HOST', { infer: true }) });
  console.log(`TrainerHub web listening on ${config.get('PUBLIC_URL', { infer: true })}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
