import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { DATE_YEAR_RANGE, isIsoDate, isIsoDateTime } from './validators.js';

/**
 * An optional field that has no "null" meaning: it may be left out, but a null is validated like any other
 * value, so the type check that follows refuses it (400) instead of null reaching a NOT NULL column (500).
 * class-validator's @IsOptional() skips null as well as undefined: use it only where null means "clear".
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** A real instant in ISO 8601 with an offset (see isIsoDateTime). */
export function IsIsoDateTime(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIsoDateTime',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a real ISO 8601 date-time with an offset between the years ${DATE_YEAR_RANGE.min} and ${DATE_YEAR_RANGE.max}, e.g. 2026-12-01T09:00:00+00:00`,
        ...options,
      },
      validator: { validate: (value: unknown) => isIsoDateTime(value) },
    });
}

/** A real calendar date "YYYY-MM-DD" (see isIsoDate). */
export function IsIsoDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a real calendar date like 2026-12-01`, ...options },
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}
