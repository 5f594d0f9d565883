import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000_enable_extensions } from '../../migrations/Migration20261126000000_enable_extensions.js';
import { Migration20261126011239_initial_schema } from '../../migrations/Migration20261126011239_initial_schema.js';
import { Migration20261126011300_booking_no_overlap } from '../../migrations/Migration20261126011300_booking_no_overlap.js';
import { Migration20261202090000_payment_refunds_corrections } from '../../migrations/Migration20261202090000_payment_refunds_corrections.js';
import { Migration20261202140000_booking_length_limit } from '../../migrations/Migration20261202140000_booking_length_limit.js';
import { Migration20261203100000_rollup_late_cancels_expired_credits } from '../../migrations/Migration20261203100000_rollup_late_cancels_expired_credits.js';
import { Migration20261203110000_client_email_opt_out } from '../../migrations/Migration20261203110000_client_email_opt_out.js';
import { Migration20261204120000_trainer_reminder_settings } from '../../migrations/Migration20261204120000_trainer_reminder_settings.js';
import { Migration20261204130000_notification_client_notices } from '../../migrations/Migration20261204130000_notification_client_notices.js';
import { Migration20261205090000_actor_changed_notify } from '../../migrations/Migration20261205090000_actor_changed_notify.js';

/** Every migration in order. New ones are appended here after `npm run migration:create`. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000_enable_extensions', class: Migration20261126000000_enable_extensions },
  { name: 'Migration20261126011239_initial_schema', class: Migration20261126011239_initial_schema },
  { name: 'Migration20261126011300_booking_no_overlap', class: Migration20261126011300_booking_no_overlap },
  {
    name: 'Migration20261202090000_payment_refunds_corrections',
    class: Migration20261202090000_payment_refunds_corrections,
  },
  { name: 'Migration20261202140000_booking_length_limit', class: Migration20261202140000_booking_length_limit },
  {
    name: 'Migration20261203100000_rollup_late_cancels_expired_credits',
    class: Migration20261203100000_rollup_late_cancels_expired_credits,
  },
  { name: 'Migration20261203110000_client_email_opt_out', class: Migration20261203110000_client_email_opt_out },
  {
    name: 'Migration20261204120000_trainer_reminder_settings',
    class: Migration20261204120000_trainer_reminder_settings,
  },
  {
    name: 'Migration20261204130000_notification_client_notices',
    class: Migration20261204130000_notification_client_notices,
  },
  { name: 'Migration20261205090000_actor_changed_notify', class: Migration20261205090000_actor_changed_notify },
];
