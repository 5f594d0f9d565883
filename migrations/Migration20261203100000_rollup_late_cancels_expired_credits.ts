import { Migration } from '@mikro-orm/migrations';

/** The rollup figures the first schema lacked: client cancellations inside the cut-off, and credits expired. */
export class Migration20261203100000_rollup_late_cancels_expired_credits extends Migration {
  override name = 'Migration20261203100000_rollup_late_cancels_expired_credits';

  override up(): void {
    this.addSql(
      `alter table "revenue_rollups" add "late_cancellations" int not null default 0, add "credits_expired" int not null default 0;`,
    );
  }

  override down(): void {
    this.addSql(`alter table "revenue_rollups" drop column "late_cancellations", drop column "credits_expired";`);
  }
}
