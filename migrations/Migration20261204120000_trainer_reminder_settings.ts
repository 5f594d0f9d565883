import { Migration } from '@mikro-orm/migrations';

/**
 * Reminder settings per trainer: quiet hours (on by default, 21:00–08:00, kept while switched off), copies to the
 * trainer of sessions booked or cancelled through the API (off by default) and client credit notices (on by default).
 */
export class Migration20261204120000_trainer_reminder_settings extends Migration {
  override name = 'Migration20261204120000_trainer_reminder_settings';

  override up(): void {
    this.addSql(`alter table "trainers" add "quiet_hours_enabled" boolean not null default true,
      add "quiet_hours_start" varchar(5) not null default '21:00',
      add "quiet_hours_end" varchar(5) not null default '08:00',
      add "trainer_copies_enabled" boolean not null default false,
      add "credit_notices_enabled" boolean not null default true;`);
    this.addSql(
      `alter table "trainers" add constraint "trainers_quiet_hours_format" check (quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');`,
    );
  }

  override down(): void {
    this.addSql(`alter table "trainers" drop constraint "trainers_quiet_hours_format";`);
    this.addSql(`alter table "trainers" drop column "quiet_hours_enabled", drop column "quiet_hours_start",
      drop column "quiet_hours_end", drop column "trainer_copies_enabled", drop column "credit_notices_enabled";`);
  }
}
