import { Migration } from '@mikro-orm/migrations';

export class Migration20261126011239_initial_schema extends Migration {
  override name = 'Migration20261126011239_initial_schema';

  override up(): void | Promise<void> {
    this.addSql(`create type "user_role" as enum ('trainer', 'admin');`);
    this.addSql(`create type "client_status" as enum ('active', 'archived');`);
    this.addSql(`create type "idempotency_state" as enum ('in_progress', 'completed');`);
    this.addSql(`create type "booking_status" as enum ('pending', 'confirmed', 'completed', 'no_show', 'cancelled');`);
    this.addSql(`create type "cancelled_by" as enum ('trainer', 'client');`);
    this.addSql(`create type "payment_method" as enum ('cash', 'card', 'transfer', 'other');`);
    this.addSql(`create type "notification_channel" as enum ('email', 'log');`);
    this.addSql(`create type "notification_status" as enum ('planned', 'sending', 'sent', 'failed', 'cancelled');`);
    this.addSql(`create type "credit_movement" as enum ('grant', 'consume', 'refund', 'expire', 'adjust');`);
    this.addSql(
      `create table "outbox_messages" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "topic" varchar(100) not null, "payload" jsonb not null, "processed_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, primary key ("id"));`,
    );
    this.addSql(
      `create index "outbox_messages_pending_idx" on "outbox_messages" ("created_at") where "processed_at" is null;`,
    );

    this.addSql(
      `create table "users" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" varchar(254) not null, "password_hash" text not null, "name" varchar(200) not null, "role" "user_role" not null default 'trainer', "auth_version" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create unique index "users_email_lower_unique" on "users" (lower("email"));`);

    this.addSql(
      `create table "trainers" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "business_name" varchar(200) not null, "time_zone" varchar(64) not null default 'Europe/London', "currency" char(3) not null default 'GBP', "cancellation_cutoff_hours" int not null default 24, "minimum_notice_hours" int not null default 0, "default_session_minutes" int not null default 60, "reminder_lead_minutes" int[] not null default '{1440,120}', "make_up_credit_on_late_cancel" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "trainers" add constraint "trainers_user_id_unique" unique ("user_id");`);

    this.addSql(
      `create table "session_packages" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "name" varchar(200) not null, "session_count" int not null, "price_minor" int not null, "currency" char(3) not null, "validity_days" int null, "description" text null, "active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(
      `create index "session_packages_trainer_active_idx" on "session_packages" ("trainer_id", "active", "name");`,
    );

    this.addSql(
      `create table "revenue_rollups" ("trainer_id" uuid not null, "day" date not null, "revenue_minor" bigint not null default '0', "sessions_completed" int not null default 0, "cancellations" int not null default 0, "no_shows" int not null default 0, "new_clients" int not null default 0, "credits_sold" int not null default 0, "credits_consumed" int not null default 0, "computed_at" timestamptz not null default now(), primary key ("trainer_id", "day"));`,
    );

    this.addSql(
      `create table "clients" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "name" varchar(200) not null, "email" varchar(254) null, "phone" varchar(40) null, "notes" text null, "status" "client_status" not null default 'active', primary key ("id"));`,
    );
    this.addSql(
      `create index "clients_search_trgm_idx" on "clients" using gin ((lower(name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))) gin_trgm_ops);`,
    );
    this.addSql(`create index "clients_trainer_created_idx" on "clients" ("trainer_id", "created_at");`);
    this.addSql(`create index "clients_trainer_status_name_idx" on "clients" ("trainer_id", "status", "name");`);

    this.addSql(
      `create table "client_packages" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "client_id" uuid not null, "session_package_id" uuid not null, "price_paid_minor" int not null, "currency" char(3) not null, "credits_granted" int not null, "credits_remaining" int not null, "purchased_at" timestamptz not null, "expires_at" timestamptz null, "paid" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`create index "client_packages_package_idx" on "client_packages" ("session_package_id");`);
    this.addSql(
      `create index "client_packages_trainer_client_idx" on "client_packages" ("trainer_id", "client_id", "expires_at");`,
    );

    this.addSql(
      `create table "availability_slots" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "weekday" smallint not null, "start_time" time(0) not null, "end_time" time(0) not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "availability_slots_trainer_weekday_idx" on "availability_slots" ("trainer_id", "weekday");`,
    );

    this.addSql(
      `create table "availability_exceptions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "date" date not null, "reason" varchar(200) null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "availability_exceptions" add constraint "availability_exceptions_trainer_date_unique" unique ("trainer_id", "date");`,
    );

    this.addSql(
      `create table "refresh_tokens" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "family_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "device_name" varchar(300) null, "last_used_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "refresh_tokens_family_idx" on "refresh_tokens" ("family_id");`);
    this.addSql(`create index "refresh_tokens_user_idx" on "refresh_tokens" ("user_id", "revoked_at");`);
    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "idempotency_keys" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "key" varchar(255) not null, "route" varchar(300) not null, "request_hash" varchar(64) not null, "state" "idempotency_state" not null default 'in_progress', "response_status" smallint null, "response_body" jsonb null, "expires_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "idempotency_keys_expires_idx" on "idempotency_keys" ("expires_at");`);
    this.addSql(
      `alter table "idempotency_keys" add constraint "idempotency_keys_user_key_unique" unique ("user_id", "key");`,
    );

    this.addSql(
      `create table "bookings" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "client_id" uuid not null, "start_time" timestamptz not null, "end_time" timestamptz not null, "status" "booking_status" not null default 'pending', "price_minor" int null, "currency" char(3) not null, "paid" boolean not null default false, "client_package_id" uuid null, "notes" text null, "cancelled_at" timestamptz null, "cancelled_by" "cancelled_by" null, "cancelled_by_user_id" uuid null, "cancellation_reason" varchar(500) null, "schedule_version" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create index "bookings_client_start_idx" on "bookings" ("client_id", "start_time");`);
    this.addSql(
      `create index "bookings_trainer_status_start_idx" on "bookings" ("trainer_id", "status", "start_time");`,
    );
    this.addSql(`create index "bookings_trainer_start_idx" on "bookings" ("trainer_id", "start_time", "id");`);

    this.addSql(
      `create table "payments" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "client_id" uuid not null, "amount_minor" int not null, "currency" char(3) not null, "method" "payment_method" not null, "paid_at" timestamptz not null, "client_package_id" uuid null, "booking_id" uuid null, "note" varchar(500) null, primary key ("id"));`,
    );
    this.addSql(`create index "payments_booking_idx" on "payments" ("booking_id");`);
    this.addSql(`create index "payments_client_package_idx" on "payments" ("client_package_id");`);
    this.addSql(`create index "payments_client_paid_at_idx" on "payments" ("client_id", "paid_at");`);
    this.addSql(`create index "payments_trainer_paid_at_idx" on "payments" ("trainer_id", "paid_at", "id");`);

    this.addSql(
      `create table "notifications" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "booking_id" uuid null, "purpose" varchar(64) not null, "schedule_version" int not null default 0, "channel" "notification_channel" not null, "recipient" varchar(254) null, "status" "notification_status" not null default 'planned', "attempts" int not null default 0, "scheduled_for" timestamptz not null, "sent_at" timestamptz null, "last_error" text null, primary key ("id"));`,
    );
    this.addSql(`create index "notifications_status_scheduled_idx" on "notifications" ("status", "scheduled_for");`);
    this.addSql(`create index "notifications_trainer_created_idx" on "notifications" ("trainer_id", "created_at");`);
    this.addSql(
      `alter table "notifications" add constraint "notifications_booking_purpose_unique" unique ("booking_id", "purpose", "schedule_version");`,
    );

    this.addSql(
      `create table "credit_ledger_entries" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "trainer_id" uuid not null, "client_package_id" uuid not null, "booking_id" uuid null, "kind" "credit_movement" not null, "delta" int not null, "reason" varchar(500) not null, "created_by_id" uuid null, "system" boolean not null default false, primary key ("id"));`,
    );
    this.addSql(
      `create index "credit_ledger_trainer_created_idx" on "credit_ledger_entries" ("trainer_id", "created_at");`,
    );
    this.addSql(
      `create index "credit_ledger_package_created_idx" on "credit_ledger_entries" ("client_package_id", "created_at");`,
    );
    this.addSql(
      `alter table "credit_ledger_entries" add constraint "credit_ledger_booking_kind_unique" unique ("booking_id", "kind");`,
    );

    this.addSql(
      `alter table "trainers" add constraint "trainers_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "trainers" add constraint "trainers_session_length_range" check (default_session_minutes >= 5 and default_session_minutes <= 720);`,
    );
    this.addSql(
      `alter table "trainers" add constraint "trainers_cutoff_range" check (cancellation_cutoff_hours >= 0 and cancellation_cutoff_hours <= 720);`,
    );
    this.addSql(`alter table "trainers" add constraint "trainers_currency_iso" check (currency ~ '^[A-Z]{3}\$');`);

    this.addSql(
      `alter table "session_packages" add constraint "session_packages_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "session_packages" add constraint "session_packages_validity_positive" check (validity_days is null or validity_days > 0);`,
    );
    this.addSql(
      `alter table "session_packages" add constraint "session_packages_price_non_negative" check (price_minor >= 0);`,
    );
    this.addSql(
      `alter table "session_packages" add constraint "session_packages_sessions_positive" check (session_count > 0);`,
    );

    this.addSql(
      `alter table "revenue_rollups" add constraint "revenue_rollups_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "clients" add constraint "clients_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "client_packages" add constraint "client_packages_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "client_packages" add constraint "client_packages_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "client_packages" add constraint "client_packages_session_package_id_foreign" foreign key ("session_package_id") references "session_packages" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "client_packages" add constraint "client_packages_price_non_negative" check (price_paid_minor >= 0);`,
    );
    this.addSql(
      `alter table "client_packages" add constraint "client_packages_granted_non_negative" check (credits_granted >= 0);`,
    );
    this.addSql(
      `alter table "client_packages" add constraint "client_packages_remaining_non_negative" check (credits_remaining >= 0);`,
    );

    this.addSql(
      `alter table "availability_slots" add constraint "availability_slots_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "availability_slots" add constraint "availability_slots_time_order" check (end_time > start_time);`,
    );
    this.addSql(
      `alter table "availability_slots" add constraint "availability_slots_weekday_range" check (weekday >= 1 and weekday <= 7);`,
    );

    this.addSql(
      `alter table "availability_exceptions" add constraint "availability_exceptions_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "idempotency_keys" add constraint "idempotency_keys_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "bookings" add constraint "bookings_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "bookings" add constraint "bookings_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "bookings" add constraint "bookings_client_package_id_foreign" foreign key ("client_package_id") references "client_packages" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "bookings" add constraint "bookings_cancelled_by_user_id_foreign" foreign key ("cancelled_by_user_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "bookings" add constraint "bookings_price_non_negative" check (price_minor is null or price_minor >= 0);`,
    );
    this.addSql(`alter table "bookings" add constraint "bookings_time_order" check (end_time > start_time);`);

    this.addSql(
      `alter table "payments" add constraint "payments_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_client_package_id_foreign" foreign key ("client_package_id") references "client_packages" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_booking_id_foreign" foreign key ("booking_id") references "bookings" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "payments" add constraint "payments_amount_positive" check (amount_minor > 0);`);

    this.addSql(
      `alter table "notifications" add constraint "notifications_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_booking_id_foreign" foreign key ("booking_id") references "bookings" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "credit_ledger_entries" add constraint "credit_ledger_entries_trainer_id_foreign" foreign key ("trainer_id") references "trainers" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "credit_ledger_entries" add constraint "credit_ledger_entries_client_package_id_foreign" foreign key ("client_package_id") references "client_packages" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "credit_ledger_entries" add constraint "credit_ledger_entries_booking_id_foreign" foreign key ("booking_id") references "bookings" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "credit_ledger_entries" add constraint "credit_ledger_entries_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "credit_ledger_entries" add constraint "credit_ledger_delta_non_zero" check (delta <> 0);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "trainers" drop constraint "trainers_user_id_foreign";`);
    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_user_id_foreign";`);
    this.addSql(`alter table "idempotency_keys" drop constraint "idempotency_keys_user_id_foreign";`);
    this.addSql(`alter table "bookings" drop constraint "bookings_cancelled_by_user_id_foreign";`);
    this.addSql(`alter table "credit_ledger_entries" drop constraint "credit_ledger_entries_created_by_id_foreign";`);
    this.addSql(`alter table "session_packages" drop constraint "session_packages_trainer_id_foreign";`);
    this.addSql(`alter table "revenue_rollups" drop constraint "revenue_rollups_trainer_id_foreign";`);
    this.addSql(`alter table "clients" drop constraint "clients_trainer_id_foreign";`);
    this.addSql(`alter table "client_packages" drop constraint "client_packages_trainer_id_foreign";`);
    this.addSql(`alter table "availability_slots" drop constraint "availability_slots_trainer_id_foreign";`);
    this.addSql(`alter table "availability_exceptions" drop constraint "availability_exceptions_trainer_id_foreign";`);
    this.addSql(`alter table "bookings" drop constraint "bookings_trainer_id_foreign";`);
    this.addSql(`alter table "payments" drop constraint "payments_trainer_id_foreign";`);
    this.addSql(`alter table "notifications" drop constraint "notifications_trainer_id_foreign";`);
    this.addSql(`alter table "credit_ledger_entries" drop constraint "credit_ledger_entries_trainer_id_foreign";`);
    this.addSql(`alter table "client_packages" drop constraint "client_packages_session_package_id_foreign";`);
    this.addSql(`alter table "client_packages" drop constraint "client_packages_client_id_foreign";`);
    this.addSql(`alter table "bookings" drop constraint "bookings_client_id_foreign";`);
    this.addSql(`alter table "payments" drop constraint "payments_client_id_foreign";`);
    this.addSql(`alter table "bookings" drop constraint "bookings_client_package_id_foreign";`);
    this.addSql(`alter table "payments" drop constraint "payments_client_package_id_foreign";`);
    this.addSql(
      `alter table "credit_ledger_entries" drop constraint "credit_ledger_entries_client_package_id_foreign";`,
    );
    this.addSql(`alter table "payments" drop constraint "payments_booking_id_foreign";`);
    this.addSql(`alter table "notifications" drop constraint "notifications_booking_id_foreign";`);
    this.addSql(`alter table "credit_ledger_entries" drop constraint "credit_ledger_entries_booking_id_foreign";`);

    this.addSql(`drop table if exists "outbox_messages" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "trainers" cascade;`);
    this.addSql(`drop table if exists "session_packages" cascade;`);
    this.addSql(`drop table if exists "revenue_rollups" cascade;`);
    this.addSql(`drop table if exists "clients" cascade;`);
    this.addSql(`drop table if exists "client_packages" cascade;`);
    this.addSql(`drop table if exists "availability_slots" cascade;`);
    this.addSql(`drop table if exists "availability_exceptions" cascade;`);
    this.addSql(`drop table if exists "refresh_tokens" cascade;`);
    this.addSql(`drop table if exists "idempotency_keys" cascade;`);
    this.addSql(`drop table if exists "bookings" cascade;`);
    this.addSql(`drop table if exists "payments" cascade;`);
    this.addSql(`drop table if exists "notifications" cascade;`);
    this.addSql(`drop table if exists "credit_ledger_entries" cascade;`);

    this.addSql(`drop type "user_role";`);
    this.addSql(`drop type "client_status";`);
    this.addSql(`drop type "idempotency_state";`);
    this.addSql(`drop type "booking_status";`);
    this.addSql(`drop type "cancelled_by";`);
    this.addSql(`drop type "payment_method";`);
    this.addSql(`drop type "notification_channel";`);
    this.addSql(`drop type "notification_status";`);
    this.addSql(`drop type "credit_movement";`);
  }
}
