import { describe, expect, it } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailedException } from '../errors/validation-failed.exception.js';
import { bodyGuardHook, MAX_INPUT_DEPTH } from './body-guard.hook.js';

function run(input: { body?: unknown; query?: unknown; params?: unknown }): ValidationFailedException | undefined {
  let result: unknown;
  bodyGuardHook(
    { params: {}, query: {}, ...input } as unknown as FastifyRequest,
    {} as FastifyReply,
    (error?: unknown) => {
      result = error;
    },
  );
  return result as ValidationFailedException | undefined;
}

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

describe('bodyGuardHook', () => {
  it('passes ordinary input in every script', () => {
    expect(
      run({
        body: { name: 'Siobhán O’Brien 李小龍 Дмитрий Ελένη Łukasz 💪🏽', weekly: [{ start: '07:00' }] },
        query: { q: 'x' },
      }),
    ).toBeUndefined();
  });

  it(`allows ${MAX_INPUT_DEPTH} levels and refuses one more, on the top-level field`, () => {
    expect(run({ body: { a: nested(MAX_INPUT_DEPTH - 1) } })).toBeUndefined();
    expect(run({ body: { a: nested(MAX_INPUT_DEPTH) } })?.fields).toEqual({ a: [expect.stringContaining('deeper')] });
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(run({ body: { a: nested(100_000) } })).toBeInstanceOf(ValidationFailedException);
  });

  it('names every field holding a NUL or a lone surrogate, keys included', () => {
    const error = run({ body: { notes: 'x\u0000', list: ['ok', '\ud800'], ['k\u0000']: 'v' }, query: { q: '\u0000' } });
    expect(error?.fields).toEqual({
      notes: ['must not contain a NUL character'],
      'list.1': ['must be valid Unicode text'],
      'k\u0000': ['must not contain a NUL character'],
      q: ['must not contain a NUL character'],
    });
  });
});
