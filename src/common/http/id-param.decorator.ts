import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';
import { UUID_PATTERN } from '../validation/validators.js';

/** Browser session handles: 32 random bytes as hex (see WebSessionService). */
export const SESSION_HANDLE_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Path ids are checked here, once, for every controller of both doors: an id that cannot exist is simply not
 * found (404), exactly like another trainer's id, and never reaches a uuid column (where it used to answer 500).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly pattern: RegExp = UUID_PATTERN) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || value.length > 100 || !this.pattern.test(value)) {
      throw new DomainError('not_found', 'not_found', 'That doesn’t exist, or it has been removed.');
    }
    // Ids are compared as strings after this point (selected options, DOM ids): one spelling.
    return value.toLowerCase();
  }
}

/** `@IdParam()` for `:id`, `@IdParam('familyId')` for another name, with a pattern for ids that are not UUIDs. */
export function IdParam(name = 'id', pattern: RegExp = UUID_PATTERN): ParameterDecorator {
  return Param(name, new ParseIdPipe(pattern));
}
