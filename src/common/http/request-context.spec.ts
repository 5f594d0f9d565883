import { describe, expect, it } from '@jest/globals';
import { type EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { requestMayHoldTransaction, runInRequestContext } from './request-context.js';

/** A root EM that only counts its forks: the lazy context must fork it once, on first use, and never before. */
function fakeRoot() {
  const forks: object[] = [];
  const root = {
    name: 'default',
    fork: (options: { useContext?: boolean; disableContextResolution?: boolean }) => {
      const fork = { options };
      forks.push(fork);
      return fork;
    },
  };
  return { root: root as unknown as EntityManager, forks };
}

describe('runInRequestContext', () => {
  it('makes the request fork on first use only, once, from the root itself', () => {
    const { root, forks } = fakeRoot();
    runInRequestContext(root, () => {
      expect(forks).toHaveLength(0);
      expect(requestMayHoldTransaction()).toBe(false);
      const em = RequestContext.getEntityManager();
      expect(RequestContext.getEntityManager()).toBe(em);
      expect(forks).toEqual([{ options: { useContext: true, disableContextResolution: true } }]);
      expect(requestMayHoldTransaction()).toBe(true);
    });
  });

  it('gives each request its own fork', () => {
    const { root, forks } = fakeRoot();
    const seen: unknown[] = [];
    runInRequestContext(root, () => seen.push(RequestContext.getEntityManager()));
    runInRequestContext(root, () => seen.push(RequestContext.getEntityManager()));
    expect(forks).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it('counts as possibly transactional outside an HTTP request context (worker, scripts)', () => {
    expect(requestMayHoldTransaction()).toBe(true);
  });
});
