import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ValidationFailedException } from '../errors/validation-failed.exception.js';

/** No DTO or form nests anywhere near this deep; class-transformer overflows the stack long before 5000. */
export const MAX_INPUT_DEPTH = 32;

const NUL_MESSAGE = 'must not contain a NUL character';
const BROKEN_MESSAGE = 'must be valid Unicode text';
// In a /u pattern a valid pair is one code point, so this matches only surrogates without their partner.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const DEPTH_MESSAGE = `nests deeper than ${MAX_INPUT_DEPTH} levels`;

function stringProblem(text: string): string | null {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  // A lone surrogate ("\ud800" in JSON) has no UTF-8 form; PostgreSQL would refuse it or store U+FFFD.
  if (LONE_SURROGATE.test(text)) return BROKEN_MESSAGE;
  return null;
}

/**
 * Walks one parsed input (body, query or params) without recursion, so no input can overflow the stack here:
 * a depth over MAX_INPUT_DEPTH is reported on its top-level field (and stops the walk), and every string (keys
 * too) PostgreSQL could not store on its own path.
 */
function inspect(root: unknown, fields: Record<string, string[]>): boolean {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) fields[path || '_body'] = [problem];
      continue;
    }
    if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      fields[path.split('.')[0] || '_body'] = [DEPTH_MESSAGE];
      return false;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const keyProblem = stringProblem(key);
      if (keyProblem) {
        fields[childPath] = [keyProblem];
        continue;
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return true;
}

/**
 * A preValidation hook for every route of both doors. It runs after the body is parsed and before any pipe,
 * transformer or form parser sees it, so one place keeps NUL bytes, broken UTF-16 and absurd nesting out of
 * DTOs, forms and SQL. The errors go through the global filter: problem+json on /api, an error page on the web.
 */
export function bodyGuardHook(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const fields: Record<string, string[]> = {};
  for (const input of [req.params, req.query, req.body]) {
    if (!inspect(input, fields)) break;
  }
  if (Object.keys(fields).length > 0) {
    done(new ValidationFailedException(fields));
    return;
  }
  done();
}
