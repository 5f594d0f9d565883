import { afterAll, beforeAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { bootTestApp, type TestApp } from './test-app.js';

/** A fresh private (10/8) address, so each test's throttle counts start at zero. */
export function randomAddress(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/**
 * Like useTestApp, but the app trusts one proxy hop, so a test picks the client address with X-Forwarded-For
 * (supertest always connects from 127.0.0.1). The setting is read when the app is created, and restored at
 * once: test files run in one process, in band.
 */
export function useTestAppBehindProxy(): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    const saved = process.env.TRUST_PROXY_HOPS;
    process.env.TRUST_PROXY_HOPS = '1';
    try {
      current = await bootTestApp();
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY_HOPS;
      else process.env.TRUST_PROXY_HOPS = saved;
    }
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
