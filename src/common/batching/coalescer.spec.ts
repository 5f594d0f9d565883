import { describe, expect, it } from '@jest/globals';
import { Coalescer } from './coalescer.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Coalescer', () => {
  it('runs a lone request at once, alone', async () => {
    const batches: number[][] = [];
    const doubler = new Coalescer<number, number>(async (inputs) => {
      batches.push([...inputs]);
      return inputs.map((n) => n * 2);
    });
    expect(await doubler.run(21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it('sends what arrived while a batch was in flight as the next batch, each caller getting its own answer', async () => {
    const gates: Array<ReturnType<typeof deferred<null>>> = [];
    const batches: number[][] = [];
    const coalescer = new Coalescer<number, string>(
      async (inputs) => {
        batches.push([...inputs]);
        const gate = deferred<null>();
        gates.push(gate);
        await gate.promise;
        return inputs.map((n) => `#${n}`);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = coalescer.run(1);
    const rest = [2, 3, 4, 5].map((n) => coalescer.run(n));
    await Promise.resolve();
    expect(batches).toEqual([[1]]);
    gates[0]?.resolve(null);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1]?.resolve(null);
    await new Promise((resolve) => setImmediate(resolve));
    gates[2]?.resolve(null);
    expect(await Promise.all([first, ...rest])).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every request of a failed batch, and only those', async () => {
    let calls = 0;
    const coalescer = new Coalescer<number, number>(
      async (inputs) => {
        calls += 1;
        if (calls === 1) throw new Error('connection lost');
        return [...inputs];
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const doomed = coalescer.run(1);
    const next = coalescer.run(2);
    await expect(doomed).rejects.toThrow('connection lost');
    expect(await next).toBe(2);
  });

  it('refuses an answer of the wrong length rather than handing out misaligned results', async () => {
    const coalescer = new Coalescer<number, number>(async () => [1, 2]);
    await expect(coalescer.run(1)).rejects.toThrow('a batch of 1 answered 2');
  });
});
