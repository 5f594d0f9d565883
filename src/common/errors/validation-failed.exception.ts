import { BadRequestException, type ValidationError } from '@nestjs/common';

/** Thrown by the API ValidationPipe; carries per-field messages for the problem+json body. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: Record<string, string[]>) {
    super('The request body or query is invalid.');
  }

  static fromErrors(errors: ValidationError[]): ValidationFailedException {
    const fields: Record<string, string[]> = {};
    const walk = (list: ValidationError[], prefix: string): void => {
      for (const error of list) {
        const path = prefix ? `${prefix}.${error.property}` : error.property;
        const messages = Object.values(error.constraints ?? {}).map((m) =>
          m.startsWith('property ') && m.endsWith(' should not exist') ? 'is not a known field' : m,
        );
        if (messages.length > 0) fields[path] = messages;
        if (error.children?.length) walk(error.children, path);
      }
    };
    walk(errors, '');
    return new ValidationFailedException(fields);
  }
}
