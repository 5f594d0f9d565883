import { expect } from '@jest/globals';
import { createTrainer, type TrainerFixture } from '../factories/accounts.factory.js';
import { apiLogin, bearer, type Tokens } from './api-client.js';
import type { TestApp } from './test-app.js';
import { WebAgent } from './web-agent.js';

export interface TenantPair {
  owner: TrainerFixture & { tokens: Tokens; web: WebAgent };
  intruder: TrainerFixture & { tokens: Tokens; web: WebAgent };
}

export interface TenantRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  body?: Record<string, unknown>;
}

/** Two trainers, each signed in on the web and the API. Each test file makes its own pair. */
export async function createTenantPair(t: TestApp): Promise<TenantPair> {
  const make = async (name: string) => {
    const fixture = await createTrainer(t, { name });
    const web = new WebAgent(t);
    const login = await web.login(fixture.email, fixture.password);
    expect(login.status).toBe(303);
    return { ...fixture, tokens: await apiLogin(t, fixture.email, fixture.password), web };
  };
  return { owner: await make('Owner Olsen'), intruder: await make('Intruder Ivers') };
}

/**
 * Asserts that the intruder gets 404 (never 403, never the object) on every API route naming the owner's ids.
 * Later issues pass their own routes; the list is the checklist of tenant-scoped endpoints.
 */
export async function expectApiRoutesHidden(t: TestApp, pair: TenantPair, routes: TenantRoute[]): Promise<void> {
  for (const route of routes) {
    const res = await t
      .http()
      [route.method](route.path)
      .set(bearer(pair.intruder.tokens.accessToken))
      .send(route.body ?? {});
    expect({ route: `${route.method.toUpperCase()} ${route.path}`, status: res.status }).toEqual({
      route: `${route.method.toUpperCase()} ${route.path}`,
      status: 404,
    });
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  }
}

/** The same for web routes, posted as the intruder's browser with a valid CSRF token. */
export async function expectWebRoutesHidden(pair: TenantPair, routes: TenantRoute[]): Promise<void> {
  for (const route of routes) {
    const res =
      route.method === 'get'
        ? await pair.intruder.web.agent.get(route.path)
        : await pair.intruder.web.post(route.path, (route.body ?? {}) as Record<string, string>);
    expect({ route: `${route.method.toUpperCase()} ${route.path}`, status: res.status }).toEqual({
      route: `${route.method.toUpperCase()} ${route.path}`,
      status: 404,
    });
  }
}
