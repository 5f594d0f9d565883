import { afterAll, beforeAll } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { ensureMigrated } from './database.js';

export interface TestApp {
  app: NestFastifyApplication;
  orm: MikroORM;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/** Boots the real application (real PostgreSQL, real Redis) exactly as main.ts does, minus the port. */
export async function bootTestApp(): Promise<TestApp> {
  await ensureMigrated();
  const app = await createApp({ logger: false });
  const server = app.getHttpServer();
  return {
    app,
    orm: app.get(MikroORM),
    http: () => request(server),
    close: () => app.close(),
  };
}

/** Boots the app on a loopback port, for the browser tests. */
export async function listenTestApp(): Promise<TestApp & { baseUrl: string }> {
  const testApp = await bootTestApp();
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address = testApp.app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('No TCP address');
  return { ...testApp, baseUrl: `http://127.0.0.1:${address.port}` };
}

/** Runs service calls outside HTTP the way a request would: with its own identity map. */
export function inContext<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  return RequestContext.create(t.orm.em, work);
}

/**
 * The app for one describe block: booted before its tests, closed after. Returns a stand-in that forwards to
 * the booted app, so tests write `t.http()` as if they held it directly.
 */
export function useTestApp(): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await bootTestApp();
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as TestApp, {
    get: (_target, key: keyof TestApp) => {
      if (!current) throw new Error('The test app is not booted yet: use it inside a test or hook.');
      return current[key];
    },
  });
}
