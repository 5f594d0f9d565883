import { Migration } from '@mikro-orm/migrations';

/**
 * Client notices (low credit, credits expiring) in the notification log. They concern a client, not a booking, so
 * their claim is (client, purpose, event key): unique among the rows that have a client, which also makes the index
 * the one the client foreign key's cascade uses. The check keeps every row inside one of the two claim keys.
 */
export class Migration20261204130000_notification_client_notices extends Migration {
  override name = 'Migration20261204130000_notification_client_notices';

  override up(): void {
    this.addSql(`alter table "notifications" add "client_id" uuid null, add "event_key" varchar(100) null;`);
    this.addSql(
      `alter table "notifications" add constraint "notifications_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete cascade;`,
    );
    this.addSql(
      `create unique index "notifications_client_notice_unique" on "notifications" ("client_id", "purpose", "event_key") where client_id is not null;`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_booking_or_notice_key" check (booking_id is not null or (client_id is not null and event_key is not null));`,
    );
  }

  override down(): void {
    this.addSql(`alter table "notifications" drop constraint "notifications_booking_or_notice_key";`);
    this.addSql(`drop index "notifications_client_notice_unique";`);
    this.addSql(`alter table "notifications" drop constraint "notifications_client_id_foreign";`);
    this.addSql(`alter table "notifications" drop column "client_id", drop column "event_key";`);
  }
}
