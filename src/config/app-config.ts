import { Inject } from '@nestjs/common';
import type { Env } from './env.schema.js';

/** DI token for the validated environment; inject with @InjectEnv(). */
export const ENV = Symbol('ENV');
export const InjectEnv = (): ParameterDecorator => Inject(ENV);
export type { Env };
