import { Migration } from '@mikro-orm/migrations';

/**
 * Refunds and corrections as rows of their own, never edits of a payment: a kind, the payment they change,
 * and a sign per kind (refunds negative, corrections either way), so sums of amount_minor stay the revenue.
 */
export class Migration20261202090000_payment_refunds_corrections extends Migration {
  override name = 'Migration20261202090000_payment_refunds_corrections';

  override up(): void {
    this.addSql(`create type "payment_kind" as enum ('payment', 'refund', 'correction');`);
    this.addSql(`alter table "payments" drop constraint "payments_amount_positive";`);
    this.addSql(
      `alter table "payments" add "kind" "payment_kind" not null default 'payment', add "original_payment_id" uuid null;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_original_payment_id_foreign" foreign key ("original_payment_id") references "payments" ("id") on delete restrict;`,
    );
    this.addSql(`create index "payments_original_payment_idx" on "payments" ("original_payment_id");`);
    this.addSql(
      `alter table "payments" add constraint "payments_original_required" check ((kind = 'payment') = (original_payment_id is null));`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_amount_sign" check ((kind = 'payment' and amount_minor > 0) or (kind = 'refund' and amount_minor < 0) or (kind = 'correction' and amount_minor <> 0));`,
    );
  }

  override down(): void {
    this.addSql(`alter table "payments" drop constraint "payments_amount_sign";`);
    this.addSql(`alter table "payments" drop constraint "payments_original_required";`);
    this.addSql(`drop index "payments_original_payment_idx";`);
    this.addSql(`alter table "payments" drop constraint "payments_original_payment_id_foreign";`);
    this.addSql(`delete from "payments" where "kind" <> 'payment';`);
    this.addSql(`alter table "payments" drop column "kind", drop column "original_payment_id";`);
    this.addSql(`alter table "payments" add constraint "payments_amount_positive" check (amount_minor > 0);`);
    this.addSql(`drop type "payment_kind";`);
  }
}
