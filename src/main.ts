import 'reflect-metadata';
import cluster from 'node:cluster';
import { enforceDeployCheckAtBoot } from './config/deploy-probes.js';
import { type Env, loadEnv } from './config/env.schema.js';

/**
 * The HTTP process: web pages, /api/v1 and /docs. With WEB_CONCURRENCY > 1 this process becomes the cluster
 * primary (src/cluster-primary.ts) and that many copies of it serve the one port.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  // Production only: refuses default secrets, cookies without Secure, an evicting Redis, a superuser role, debug
  // logs. Once per machine start: in the primary (or the only process), not again in every cluster worker.
  if (cluster.isPrimary) await enforceDeployCheckAtBoot(env);
  if (cluster.isPrimary && env.WEB_CONCURRENCY > 1) {
    // The primary never loads the app: it only forks, forwards signals and waits.
    const { runClusterPrimary } = await import('./cluster-primary.js');
    runClusterPrimary(env.WEB_CONCURRENCY);
    return;
  }
  await serve(env);
}

async function serve(env: Env): Promise<void> {
  const [{ createApp }, { shutDownOnSignals }, { followPrimary }] = await Promise.all([
    import('./app.factory.js'),
    import('./common/http/graceful-shutdown.js'),
    import('./cluster-primary.js'),
  ]);
  const app = await createApp();
  // SIGTERM: readiness 503 at once, drain in-flight requests, close idle connections, exit within 10 s.
  shutDownOnSignals(app);
  followPrimary();
  await app.listen({ port: env.PORT, host: env.HOST });
  const who = cluster.isWorker ? ` (web process ${process.pid})` : '';
  console.log(`TrainerHub web listening on ${env.PUBLIC_URL}${who}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
