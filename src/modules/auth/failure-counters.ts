import type { Redis } from 'ioredis';

/** One fixed-window counter: at most `limit` counted attempts per `windowSeconds`. */
export interface FailureCounter {
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Counts this attempt on every counter in one atomic step and answers 0 when all stay within their limits.
 * Otherwise it takes the attempt back at once (a refused attempt is not a failure, so hammering a closed
 * door never extends or deepens the block) and answers the seconds until the last tripped counter resets.
 * The window starts at a counter's first count and is never extended (TTL -1 only after a stray write).
 */
const COUNT_SCRIPT = `
local retry = 0
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ARGV[i * 2 - 1]) end
  if n > tonumber(ARGV[i * 2]) then
    local ttl = redis.call('TTL', key)
    if ttl < 1 then ttl = 1 end
    if ttl > retry then retry = ttl end
  end
end
if retry > 0 then
  for _, key in ipairs(KEYS) do
    if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
  end
end
return retry
`;

/** Takes one count back, never below zero and never creating a key (a bare DECR would leave one without TTL). */
const TAKE_BACK_SCRIPT = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0
`;

/**
 * What a throttled check does with its outcome. Counting happens before the check, so parallel guesses can't
 * all slip in under a limit; afterwards only checked failures keep their count.
 */
export interface GuardedCheck<T> {
  counters: FailureCounter[];
  /** Counters a passed check clears (proof the caller knows the secret); the others just take this attempt back. */
  clearOnPass: string[];
  check: () => Promise<T>;
  /** True only when the secret was really checked and was wrong; anything else (an outage) is taken back. */
  isCheckedFailure: (error: unknown) => boolean;
  tooMany: (retryAfterSeconds: number) => Error;
}

/** Redis-backed failure counters shared by the login and password-change throttles. */
export class FailureCounters {
  constructor(private readonly redis: Redis) {}

  async run<T>(guarded: GuardedCheck<T>): Promise<T> {
    const keys = guarded.counters.map((counter) => counter.key);
    const args = guarded.counters.flatMap((counter) => [counter.windowSeconds, counter.limit]);
    const retryAfter = Number(await this.redis.eval(COUNT_SCRIPT, keys.length, ...keys, ...args));
    if (retryAfter > 0) throw guarded.tooMany(retryAfter);

    let result: T;
    try {
      result = await guarded.check();
    } catch (error) {
      if (!guarded.isCheckedFailure(error)) {
        // Best effort: the check's own error (usually the same outage) is the one worth reporting.
        await this.takeBack(keys).catch(() => undefined);
      }
      throw error;
    }
    const cleared = new Set(guarded.clearOnPass);
    if (cleared.size > 0) await this.redis.del(...cleared);
    await this.takeBack(keys.filter((key) => !cleared.has(key)));
    return result;
  }

  private async takeBack(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.eval(TAKE_BACK_SCRIPT, keys.length, ...keys);
  }
}
