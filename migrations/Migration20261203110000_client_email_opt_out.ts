import { Migration } from '@mikro-orm/migrations';

/**
 * Client emails: a client's opt-out (set by the one-click unsubscribe link, shown on the client page), and what the
 * notification log needs to record a send: the provider's message id, and the outcomes "logged" (no SMTP_URL, the
 * message went to the log) and "skipped" (no email address, or opted out).
 */
export class Migration20261203110000_client_email_opt_out extends Migration {
  override name = 'Migration20261203110000_client_email_opt_out';

  override up(): void {
    this.addSql(`alter table "clients" add "email_opt_out_at" timestamptz null;`);
    this.addSql(`alter table "notifications" add "provider_message_id" varchar(255) null;`);
    // PostgreSQL 12+ allows this in a transaction; the new values are only used after it commits.
    this.addSql(`alter type "notification_status" add value if not exists 'logged';`);
    this.addSql(`alter type "notification_status" add value if not exists 'skipped';`);
  }

  override down(): void {
    // Enum values cannot be dropped: rebuild the type without them, mapping their rows to the nearest old state.
    this.addSql(`update "notifications" set "status" = 'sent' where "status" = 'logged';`);
    this.addSql(`update "notifications" set "status" = 'cancelled' where "status" = 'skipped';`);
    this.addSql(`alter table "notifications" alter column "status" drop default;`);
    this.addSql(`alter type "notification_status" rename to "notification_status_old";`);
    this.addSql(`create type "notification_status" as enum ('planned', 'sending', 'sent', 'failed', 'cancelled');`);
    this.addSql(
      `alter table "notifications" alter column "status" type "notification_status" using "status"::text::"notification_status";`,
    );
    this.addSql(`alter table "notifications" alter column "status" set default 'planned';`);
    this.addSql(`drop type "notification_status_old";`);
    this.addSql(`alter table "notifications" drop column "provider_message_id";`);
    this.addSql(`alter table "clients" drop column "email_opt_out_at";`);
  }
}
