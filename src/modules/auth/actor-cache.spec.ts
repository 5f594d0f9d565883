import { describe, expect, it } from '@jest/globals';
import { UserRole } from '../../common/roles.js';
import { ACTOR_CACHE_ENTRIES, ACTOR_CACHE_MS, ActorCache, type FoundAccount } from './actor-cache.js';

function found(id: string): FoundAccount {
  return {
    account: {
      user: { id, email: `${id}@example.test`, name: 'Siobhán O’Brien', role: UserRole.Trainer, authVersion: 1 },
      trainer: null,
    },
    hasTrainer: false,
  };
}

function liveCache(): ActorCache {
  const cache = new ActorCache();
  cache.goLive();
  return cache;
}

describe('ActorCache', () => {
  it('holds nothing while dark, before the listener is connected', () => {
    const cache = new ActorCache();
    cache.put('u1', found('u1'), cache.ticket());
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers a stored account until it is older than its lifetime', () => {
    const cache = liveCache();
    cache.put('u1', found('u1'), cache.ticket(), 1_000);
    expect(cache.get('u1', 1_000 + ACTOR_CACHE_MS - 1)?.account.user.id).toBe('u1');
    expect(cache.get('u1', 1_000 + ACTOR_CACHE_MS)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops a read that raced an eviction of anyone: its ticket is stale', () => {
    const cache = liveCache();
    const ticket = cache.ticket();
    cache.forget('someone-else');
    cache.put('u1', found('u1'), ticket);
    expect(cache.get('u1')).toBeUndefined();
    cache.put('u1', found('u1'), cache.ticket());
    expect(cache.get('u1')).toBeDefined();
  });

  it('forgets one user, everyone, and everything when it goes dark', () => {
    const cache = liveCache();
    for (const id of ['u1', 'u2', 'u3']) cache.put(id, found(id), cache.ticket());
    cache.forget('u1');
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.get('u2')).toBeDefined();
    cache.forgetAll();
    expect(cache.size).toBe(0);
    cache.put('u3', found('u3'), cache.ticket());
    cache.goDark();
    expect(cache.size).toBe(0);
    expect(cache.isLive).toBe(false);
  });

  it('keeps at most its capacity, evicting the oldest entry first', () => {
    const cache = liveCache();
    for (let i = 0; i <= ACTOR_CACHE_ENTRIES; i += 1) cache.put(`u${i}`, found(`u${i}`), cache.ticket());
    expect(cache.size).toBe(ACTOR_CACHE_ENTRIES);
    expect(cache.get('u0')).toBeUndefined();
    expect(cache.get(`u${ACTOR_CACHE_ENTRIES}`)).toBeDefined();
  });

  it('freezes what it shares between requests', () => {
    const cache = liveCache();
    cache.put('u1', found('u1'), cache.ticket());
    const cached = cache.get('u1');
    expect(Object.isFrozen(cached?.account.user)).toBe(true);
    expect(() => {
      (cached?.account.user as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });
});
