import type { BookingStatus, CancelledBy } from './booking-status.js';

/** timestamptz: written as a Date, read back as PostgreSQL's text (MikroORM's pg type parsers keep it raw). */
export type Timestamp = Date | string;

/** The bookings table as typed Kysely reads it, for every repository that reads bookings; the schema is the entity's. */
export interface BookingsTable {
  id: string;
  trainer_id: string;
  client_id: string;
  client_package_id: string | null;
  start_time: Timestamp;
  end_time: Timestamp;
  status: BookingStatus;
  price_minor: number | null;
  currency: string;
  paid: boolean;
  notes: string | null;
  cancelled_at: Timestamp | null;
  cancelled_by: CancelledBy | null;
  cancellation_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
