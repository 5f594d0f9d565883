import { ArrayType, type Opt, type Rel } from '@mikro-orm/core';
import { Check, Entity, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../auth/user.entity.js';

@Entity({ tableName: 'trainers' })
@Check({ name: 'trainers_currency_iso', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({
  name: 'trainers_cutoff_range',
  expression: 'cancellation_cutoff_hours >= 0 and cancellation_cutoff_hours <= 720',
})
@Check({
  name: 'trainers_session_length_range',
  expression: 'default_session_minutes >= 5 and default_session_minutes <= 720',
})
@Check({
  name: 'trainers_quiet_hours_format',
  expression:
    "quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'",
})
export class Trainer extends BaseEntity {
  @OneToOne({ entity: () => User, owner: true, unique: 'trainers_user_id_unique', deleteRule: 'cascade' })
  user: Rel<User>;

  @Property({ type: 'string', length: 200 })
  businessName: string;

  /** IANA zone; every local date and time the trainer sees or types is in this zone. */
  @Property({ type: 'string', length: 64, default: 'Europe/London' })
  timeZone: string & Opt = 'Europe/London';

  /** ISO 4217 code; all the trainer's money is in this currency, in minor units. */
  @Property({ type: 'character', length: 3, default: 'GBP' })
  currency: string & Opt = 'GBP';

  @Property({ type: 'integer', default: 24 })
  cancellationCutoffHours: number & Opt = 24;

  @Property({ type: 'integer', default: 0 })
  minimumNoticeHours: number & Opt = 0;

  @Property({ type: 'integer', default: 60 })
  defaultSessionMinutes: number & Opt = 60;

  /** Minutes before a session that reminders go out; default 24 h and 2 h. */
  @Property({ type: new ArrayType((item) => Number(item)), columnType: 'int[]', defaultRaw: "'{1440,120}'" })
  reminderLeadMinutes: number[] & Opt = [1440, 120];

  @Property({ type: 'boolean', default: true })
  makeUpCreditOnLateCancel: boolean & Opt = true;

  /**
   * Whether reminders are held out of quiet hours (moved earlier, to when they begin). The window's times are kept
   * while it is off, so switching it back on restores the trainer's own window rather than the default.
   */
  @Property({ type: 'boolean', default: true })
  quietHoursEnabled: boolean & Opt = true;

  /** Local wall-clock "HH:MM" in the zone reminders are read in; the window may wrap midnight (21:00–08:00). */
  @Property({ type: 'string', length: 5, default: '21:00' })
  quietHoursStart: string & Opt = '21:00';

  @Property({ type: 'string', length: 5, default: '08:00' })
  quietHoursEnd: string & Opt = '08:00';

  /** Email the trainer a copy when a session is booked or cancelled through the API (the mobile app). */
  @Property({ type: 'boolean', default: false })
  trainerCopiesEnabled: boolean & Opt = false;

  /** Low-credit and expiry notices to clients. */
  @Property({ type: 'boolean', default: true })
  creditNoticesEnabled: boolean & Opt = true;
}
