import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000_enable_extensions } from '../../migrations/Migration20261126000000_enable_extensions.js';
import { Migration20261126011239_initial_schema } from '../../migrations/Migration20261126011239_initial_schema.js';
import { Migration20261126011300_booking_no_overlap } from '../../migrations/Migration20261126011300_booking_no_overlap.js';

/** Every migration in order. New ones are appended here after `npm run migration:create`. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000_enable_extensions', class: Migration20261126000000_enable_extensions },
  { name: 'Migration20261126011239_initial_schema', class: Migration20261126011239_initial_schema },
  { name: 'Migration20261126011300_booking_no_overlap', class: Migration20261126011300_booking_no_overlap },
];
