import { Migration } from '@mikro-orm/migrations';

/**
 * Sessions last at most 12 hours (the API's and the form's 720-minute limit), now in the table too. Overlap and
 * day reads bound start_time below by that length (start_time > start − 12 h), which is only sound while no row
 * is longer, so the database holds every row to it.
 */
export class Migration20261202140000_booking_length_limit extends Migration {
  override name = 'Migration20261202140000_booking_length_limit';

  override up(): void {
    this.addSql(
      `alter table "bookings" add constraint "bookings_length_limit" check (end_time - start_time <= interval '12 hours');`,
    );
  }

  override down(): void {
    this.addSql(`alter table "bookings" drop constraint "bookings_length_limit";`);
  }
}
