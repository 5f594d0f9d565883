import { Migration } from '@mikro-orm/migrations';

/**
 * The double-booking guarantee. Application checks only give friendlier messages; this constraint is what
 * makes two overlapping pending/confirmed sessions of one trainer impossible under any concurrency.
 * Half-open ranges ('[)') let one session end at 10:00 and the next start at 10:00.
 */
export class Migration20261126011300_booking_no_overlap extends Migration {
  override name = 'Migration20261126011300_booking_no_overlap';

  override up(): void {
    this.addSql(`alter table "bookings" add constraint "bookings_no_overlap" exclude using gist (
      "trainer_id" with =,
      tstzrange("start_time", "end_time", '[)') with &&
    ) where ("status" in ('pending', 'confirmed'));`);
  }

  override down(): void {
    this.addSql('alter table "bookings" drop constraint "bookings_no_overlap";');
  }
}
