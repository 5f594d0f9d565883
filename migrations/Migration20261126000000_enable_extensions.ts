import { Migration } from '@mikro-orm/migrations';

/** btree_gist lets the booking exclusion constraint mix "same trainer" (=) with "overlapping range" (&&). */
export class Migration20261126000000_enable_extensions extends Migration {
  override name = 'Migration20261126000000_enable_extensions';

  override up(): void {
    this.addSql('create extension if not exists btree_gist;');
    this.addSql('create extension if not exists pg_trgm;');
  }
}
