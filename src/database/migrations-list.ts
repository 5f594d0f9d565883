import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000_enable_extensions } from '../../migrations/Migration20261126000000_enable_extensions.js';
import { Migration20261126011239_initial_schema } from '../../migrations/Migration20261126011239_initial_schema.js';
import { Migration20261126011300_booking_no_overlap } from '../../migrations/Migration20261126011300_booking_no_overlap.js';
import { Migration20261202090000_payment_refunds_corrections } from '../../migrations/Migration20261202090000_payment_refunds_corrections.js';

/** Every migration in order. New ones are appended here after `npm run migration:create`. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000_enable_extensions', class: Migration20261126000000_enable_extensions },
  { name: 'Migration20261126011239_initial_schema', class: Migration20261126011239_initial_schema },
  { name: 'Migration20261126011300_booking_no_overlap', class: Migration20261126011300_booking_no_overlap },
  {
    name: 'Migration20261202090000_payment_refunds_corrections',
    class: Migration20261202090000_payment_refunds_corrections,
  },
];
