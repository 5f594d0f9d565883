import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hash } from '@node-rs/argon2';
import { RevenueRollup } from '../../src/modules/analytics/revenue-rollup.entity.js';
import { UserRole } from '../../src/common/roles.js';
import { User } from '../../src/modules/auth/user.entity.js';
import { AvailabilityException } from '../../src/modules/availability/availability-exception.entity.js';
import { AvailabilitySlot } from '../../src/modules/availability/availability-slot.entity.js';
import { BookingStatus, CancelledBy } from '../../src/modules/bookings/booking-status.js';
import { Booking } from '../../src/modules/bookings/booking.entity.js';
import { Client, ClientStatus } from '../../src/modules/clients/client.entity.js';
import { ClientPackage } from '../../src/modules/packages/client-package.entity.js';
import { CreditLedgerEntry, CreditMovement } from '../../src/modules/packages/credit-ledger-entry.entity.js';
import { SessionPackage } from '../../src/modules/packages/session-package.entity.js';
import { Payment, PaymentMethod } from '../../src/modules/payments/payment.entity.js';
import { Trainer } from '../../src/modules/trainers/trainer.entity.js';
import { Prng } from './prng.js';
import { addDays, isoWeekday, localDateOf, minutesOfDay, zonedTimeToUtc } from '../../src/common/time/zoned-time.js';

/** The demo login printed by `npm start`. Local development only: `scripts/seed.ts` refuses production. */
export const DEMO_EMAIL = 'demo@trainerhub.app';
export const DEMO_PASSWORD = 'demo-trainer-2026';
export const DEMO_BUSINESS_NAME = 'Northside Strength Studio';
export const DEMO_TIME_ZONE = 'Europe/London';
export const DEMO_CURRENCY = 'GBP';

/** Same seed, same data (relative to the day the seed runs). */
const PRNG_SEED = 0x7ea1_2026;
const HISTORY_DAYS = 182;
const FUTURE_DAYS = 28;
const MAX_PURCHASES = 16;
const UNPAID_SESSIONS = 2;
const CANCELLATION_CUTOFF_HOURS = 24;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SeedCounts {
  clients: number;
  bookings: number;
  sessionPackages: number;
  purchases: number;
  payments: number;
  ledgerEntries: number;
}

export interface SeedResult {
  /** False when the demo user already existed: nothing was written. */
  created: boolean;
  email: string;
  password: string;
  counts?: SeedCounts;
}

export interface SeedOptions {
  /** The moment the data is built around (past vs future bookings). Defaults to the current time. */
  now?: Date;
}

/** Weekly working hours, local time: Mon–Fri 07:00–12:00 and 16:00–20:00, Sat 08:00–12:00. */
const WORKING_HOURS: Readonly<Record<number, ReadonlyArray<readonly [string, string]>>> = {
  1: [
    ['07:00', '12:00'],
    ['16:00', '20:00'],
  ],
  2: [
    ['07:00', '12:00'],
    ['16:00', '20:00'],
  ],
  3: [
    ['07:00', '12:00'],
    ['16:00', '20:00'],
  ],
  4: [
    ['07:00', '12:00'],
    ['16:00', '20:00'],
  ],
  5: [
    ['07:00', '12:00'],
    ['16:00', '20:00'],
  ],
  6: [['08:00', '12:00']],
};

interface PackageSpec {
  key: 'intro' | 'five' | 'ten' | 'twenty';
  name: string;
  sessions: number;
  priceMinor: number;
  validityDays: number;
  description: string;
}

const PACKAGES: readonly PackageSpec[] = [
  {
    key: 'intro',
    name: 'Intro pack',
    sessions: 3,
    priceMinor: 9_900,
    validityDays: 30,
    description: 'Three one-to-one sessions for new clients: movement assessment, technique, first programme.',
  },
  {
    key: 'five',
    name: '5 sessions',
    sessions: 5,
    priceMinor: 26_000,
    validityDays: 60,
    description: 'Five one-to-one sessions of up to 60 minutes.',
  },
  {
    key: 'ten',
    name: '10 sessions',
    sessions: 10,
    priceMinor: 50_000,
    validityDays: 90,
    description: 'Ten one-to-one sessions of up to 60 minutes. Our most popular pack.',
  },
  {
    key: 'twenty',
    name: '20 sessions',
    sessions: 20,
    priceMinor: 90_000,
    validityDays: 180,
    description: 'Twenty one-to-one sessions for committed regulars, at £45 a session.',
  },
];

/** Pay-per-session prices by duration, in pence. */
const SESSION_PRICES: Readonly<Record<number, number>> = { 30: 3_500, 45: 4_500, 60: 5_500, 90: 8_000 };

type Preference = 'am' | 'pm' | 'any';

interface ClientSpec {
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  /** Package clients pay with credits; the others pay per session. */
  pays: 'package' | 'session';
  /** Relative booking frequency. */
  weight: number;
  prefers: Preference;
  joinedDaysAgo: number;
  /** Archived clients stopped training this many days ago. */
  leftDaysAgo?: number;
}

// Phone numbers are in Ofcom's 07700 900xxx drama range and emails use reserved example domains, so a
// reminder sent from a demo database can never reach a real person.
const CLIENTS: readonly ClientSpec[] = [
  {
    name: 'Amelia Hughes',
    email: 'amelia.hughes@example.com',
    phone: '07700 900101',
    notes: 'Training for her first half marathon in the spring. Left knee aches on long downhill runs.',
    pays: 'package',
    weight: 5,
    prefers: 'am',
    joinedDaysAgo: 215,
  },
  {
    name: 'Oliver Bennett',
    email: 'oliver.bennett@example.com',
    phone: '07700 900214',
    notes: 'Goal: 140 kg deadlift by the summer. Likes the first slot before work.',
    pays: 'package',
    weight: 5,
    prefers: 'am',
    joinedDaysAgo: 210,
  },
  {
    name: 'Priya Patel',
    email: 'priya.patel@example.org',
    phone: '07700 900327',
    notes: 'Post-natal return to exercise, cleared by her GP. Progress core loading gently.',
    pays: 'package',
    weight: 4,
    prefers: 'am',
    joinedDaysAgo: 160,
  },
  {
    name: "James O'Connor",
    email: 'james.oconnor@example.net',
    phone: '07700 900433',
    notes: 'Desk job, stiff lower back. Focus on hip mobility and posterior chain.',
    pays: 'session',
    weight: 3,
    prefers: 'pm',
    joinedDaysAgo: 205,
  },
  {
    name: 'Sophie Clarke',
    email: 'sophie.clarke@example.com',
    phone: '07700 900548',
    notes: 'Wants to feel strong for her wedding in June. Enjoys kettlebell circuits.',
    pays: 'package',
    weight: 4,
    prefers: 'pm',
    joinedDaysAgo: 190,
  },
  {
    name: 'Mohammed Rahman',
    email: 'm.rahman@example.com',
    phone: '07700 900652',
    notes: 'Type 1 diabetic: keeps glucose tablets in his bag, checks levels before each session.',
    pays: 'session',
    weight: 3,
    prefers: 'pm',
    joinedDaysAgo: 200,
  },
  {
    name: 'Chloe Evans',
    email: 'chloe.evans@example.org',
    phone: '07700 900769',
    notes: null,
    pays: 'session',
    weight: 2,
    prefers: 'any',
    joinedDaysAgo: 140,
  },
  {
    name: 'Daniel Okafor',
    email: 'daniel.okafor@example.com',
    phone: '07700 900871',
    notes: 'Ex-rugby player, shoulder reconstruction in 2022. No heavy overhead pressing.',
    pays: 'package',
    weight: 4,
    prefers: 'pm',
    joinedDaysAgo: 180,
  },
  {
    name: 'Grace Thompson',
    email: 'grace.thompson@example.net',
    phone: '07700 900985',
    notes: 'Beginner and a little nervous in the gym. Keep sessions varied and upbeat.',
    pays: 'package',
    weight: 3,
    prefers: 'am',
    joinedDaysAgo: 75,
  },
  {
    name: 'Liam Murphy',
    email: 'liam.murphy@example.com',
    phone: '07700 900116',
    notes: 'Moved to Manchester for work; may come back for sessions when visiting.',
    pays: 'session',
    weight: 3,
    prefers: 'pm',
    joinedDaysAgo: 220,
    leftDaysAgo: 70,
  },
  {
    name: 'Hannah Lewis',
    email: 'hannah.lewis@example.com',
    phone: '07700 900228',
    notes: 'Netball player. Working on single-leg strength and landing mechanics.',
    pays: 'session',
    weight: 2,
    prefers: 'pm',
    joinedDaysAgo: 170,
  },
  {
    name: 'Ethan Walker',
    email: 'ethan.walker@example.org',
    phone: '07700 900339',
    notes: null,
    pays: 'session',
    weight: 2,
    prefers: 'any',
    joinedDaysAgo: 120,
  },
  {
    name: 'Zara Ahmed',
    email: 'zara.ahmed@example.com',
    phone: '07700 900442',
    notes: 'Prefers female-only changing times; books Saturday mornings when she can.',
    pays: 'package',
    weight: 3,
    prefers: 'am',
    joinedDaysAgo: 100,
  },
  {
    name: 'Thomas Wright',
    email: 'tom.wright@example.net',
    phone: '07700 900557',
    notes: 'Cyclist. Off-season strength block; keep legs fresh before Sunday rides.',
    pays: 'session',
    weight: 2,
    prefers: 'am',
    joinedDaysAgo: 150,
  },
  {
    name: 'Isla Robertson',
    email: 'isla.robertson@example.com',
    phone: null,
    notes: 'Contact by email only.',
    pays: 'session',
    weight: 1,
    prefers: 'any',
    joinedDaysAgo: 95,
  },
  {
    name: 'Samuel Green',
    email: 'sam.green@example.org',
    phone: '07700 900661',
    notes: 'Rehab after ACL reconstruction (physio sign-off in his file). No jumping yet.',
    pays: 'package',
    weight: 3,
    prefers: 'pm',
    joinedDaysAgo: 60,
  },
  {
    name: 'Freya Mitchell',
    email: 'freya.mitchell@example.com',
    phone: '07700 900774',
    notes: null,
    pays: 'session',
    weight: 2,
    prefers: 'am',
    joinedDaysAgo: 130,
  },
  {
    name: 'Arjun Sharma',
    email: 'arjun.sharma@example.net',
    phone: '07700 900886',
    notes: 'Vegetarian; asked for help planning protein around training.',
    pays: 'session',
    weight: 2,
    prefers: 'pm',
    joinedDaysAgo: 110,
  },
  {
    name: 'Emily Carter',
    email: 'emily.carter@example.com',
    phone: '07700 900993',
    notes: 'Runs a bakery, so only early mornings work for her.',
    pays: 'session',
    weight: 2,
    prefers: 'am',
    joinedDaysAgo: 185,
  },
  {
    name: 'Jack Turner',
    email: null,
    phone: '07700 900124',
    notes: 'Prefers text messages to email.',
    pays: 'session',
    weight: 2,
    prefers: 'pm',
    joinedDaysAgo: 90,
  },
  {
    name: 'Aisha Bello',
    email: 'aisha.bello@example.org',
    phone: '07700 900235',
    notes: 'Training for a charity hike up Kilimanjaro in October.',
    pays: 'package',
    weight: 3,
    prefers: 'pm',
    joinedDaysAgo: 45,
  },
  {
    name: 'Ryan Kelly',
    email: 'ryan.kelly@example.com',
    phone: '07700 900346',
    notes: 'Paused training while his shift pattern changes.',
    pays: 'session',
    weight: 2,
    prefers: 'any',
    joinedDaysAgo: 175,
    leftDaysAgo: 100,
  },
  {
    name: 'Lucy Morgan',
    email: 'lucy.morgan@example.net',
    phone: '07700 900458',
    notes: null,
    pays: 'session',
    weight: 1,
    prefers: 'am',
    joinedDaysAgo: 40,
  },
  {
    name: 'Benjamin Hall',
    email: 'ben.hall@example.com',
    phone: '07700 900563',
    notes: 'Mild asthma; inhaler on the bench during conditioning work.',
    pays: 'session',
    weight: 2,
    prefers: 'pm',
    joinedDaysAgo: 160,
  },
  {
    name: 'Ella Wood',
    email: 'ella.wood@example.org',
    phone: '07700 900675',
    notes: 'Finished her block ahead of exams; said she would be back in the summer.',
    pays: 'session',
    weight: 2,
    prefers: 'am',
    joinedDaysAgo: 150,
    leftDaysAgo: 40,
  },
  {
    name: 'Noah Campbell',
    email: 'noah.campbell@example.com',
    phone: null,
    notes: null,
    pays: 'session',
    weight: 1,
    prefers: 'pm',
    joinedDaysAgo: 25,
  },
  {
    name: 'Mia Roberts',
    email: 'mia.roberts@example.net',
    phone: '07700 900787',
    notes: 'Wants to learn to squat and deadlift safely. Hypermobile wrists.',
    pays: 'package',
    weight: 2,
    prefers: 'am',
    joinedDaysAgo: 20,
  },
  {
    name: 'George Edwards',
    email: 'george.edwards@example.com',
    phone: '07700 900892',
    notes: 'Retired; balance and bone-density focus. Likes a chat between sets.',
    pays: 'session',
    weight: 2,
    prefers: 'am',
    joinedDaysAgo: 135,
  },
  {
    name: 'Niamh Byrne',
    email: null,
    phone: '07700 900917',
    notes: 'Referred by Priya Patel.',
    pays: 'session',
    weight: 1,
    prefers: 'any',
    joinedDaysAgo: 12,
  },
  {
    name: 'Callum Fraser',
    email: 'callum.fraser@example.com',
    phone: '07700 900128',
    notes: 'Switched to a gym near his new office.',
    pays: 'session',
    weight: 2,
    prefers: 'pm',
    joinedDaysAgo: 195,
    leftDaysAgo: 120,
  },
];

const BOOKING_NOTES = [
  'Focus: deadlift technique',
  'Assessment and goal setting',
  'Lower-body strength, go easy on the left knee',
  'Conditioning circuit',
  'Upper-body push/pull',
  'Mobility and recovery session',
  'Retest 5 km row time',
  'Bring the programme printout',
];

const CLIENT_CANCEL_REASONS = [
  'Work meeting ran over',
  'Feeling unwell',
  'Travelling for work this week',
  'Childcare fell through',
  'Minor back tweak, resting this week',
  'Car broke down',
];

const TRAINER_CANCEL_REASONS = ['Trainer unwell', 'Studio maintenance', 'Clash with a coaching course'];

interface PlannedBooking {
  booking: Booking;
  spec: ClientSpec;
  durationMinutes: number;
  /** When a credit goes back: cancelled early enough, or by the trainer. Null when none does. */
  refundAt: Date | null;
}

interface Purchase {
  entity: ClientPackage;
  spec: PackageSpec;
  client: Client;
  purchasedAt: Date;
  expiresAt: Date;
  /** Running balance while the history is replayed; ends up as creditsRemaining. */
  available: number;
}

/**
 * Creates the demo trainer and six months of believable history plus four weeks of upcoming sessions, in one
 * transaction. Idempotent: when the demo user already exists nothing is written and `created` is false.
 */
export async function seedDemoData(em: EntityManager, options: SeedOptions = {}): Promise<SeedResult> {
  const result: SeedResult = { created: false, email: DEMO_EMAIL, password: DEMO_PASSWORD };
  if (await hasDemoData(em)) return result;

  const passwordHash = await hash(DEMO_PASSWORD);
  const now = options.now ?? new Date();
  try {
    const counts = await em.transactional(async (tx) => {
      if (await hasDemoData(tx)) return undefined;
      return buildDemoData(tx, now, passwordHash);
    });
    if (counts) {
      result.created = true;
      result.counts = counts;
    }
  } catch (error) {
    // A concurrent seed won the race to the unique e-mail index; its data is as good as ours.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
  return result;
}

/** True when the demo trainer's user exists (then `seedDemoData` writes nothing). */
export async function hasDemoData(em: EntityManager): Promise<boolean> {
  // $ilike without wildcards in the address is a case-insensitive equality, matching users_email_lower_unique.
  return (await em.count(User, { email: { $ilike: DEMO_EMAIL } })) > 0;
}

function buildDemoData(em: EntityManager, now: Date, passwordHash: string): SeedCounts {
  const rng = new Prng(PRNG_SEED);
  const tz = DEMO_TIME_ZONE;
  const today = localDateOf(now, tz);
  const at = (daysFromToday: number, time: string): Date => zonedTimeToUtc(addDays(today, daysFromToday), time, tz);
  const notAfterNow = (date: Date): Date => new Date(Math.min(date.getTime(), now.getTime()));

  const openedAt = at(-230, '09:12');
  const user = em.create(User, {
    email: DEMO_EMAIL,
    passwordHash,
    name: 'Jordan Reid',
    role: UserRole.Trainer,
    createdAt: openedAt,
    updatedAt: openedAt,
  });
  const trainer = em.create(Trainer, {
    user,
    businessName: DEMO_BUSINESS_NAME,
    timeZone: tz,
    currency: DEMO_CURRENCY,
    cancellationCutoffHours: CANCELLATION_CUTOFF_HOURS,
    minimumNoticeHours: 2,
    defaultSessionMinutes: 60,
    reminderLeadMinutes: [1440, 120],
    createdAt: openedAt,
    updatedAt: openedAt,
  });

  for (const [weekday, windows] of Object.entries(WORKING_HOURS)) {
    for (const [startTime, endTime] of windows) {
      em.create(AvailabilitySlot, {
        trainer,
        weekday: Number(weekday),
        startTime: `${startTime}:00`,
        endTime: `${endTime}:00`,
        createdAt: openedAt,
        updatedAt: openedAt,
      });
    }
  }

  const daysOff = new Map<string, string>([
    [addDays(today, -47), 'Annual leave'],
    [addDays(today, -46), 'Annual leave'],
    [addDays(today, -45), 'Annual leave'],
    [addDays(today, 11), 'First-aid refresher course'],
  ]);
  for (const [date, reason] of daysOff) {
    const recordedAt = notAfterNow(zonedTimeToUtc(addDays(date, -30), '21:05', tz));
    em.create(AvailabilityException, { trainer, date, reason, createdAt: recordedAt, updatedAt: recordedAt });
  }

  const catalogueAt = at(-229, '20:30');
  const packages = {} as Record<PackageSpec['key'], { spec: PackageSpec; entity: SessionPackage }>;
  for (const spec of PACKAGES) {
    const entity = em.create(SessionPackage, {
      trainer,
      name: spec.name,
      sessionCount: spec.sessions,
      priceMinor: spec.priceMinor,
      currency: DEMO_CURRENCY,
      validityDays: spec.validityDays,
      description: spec.description,
      active: true,
      createdAt: catalogueAt,
      updatedAt: catalogueAt,
    });
    packages[spec.key] = { spec, entity };
  }

  const clients = new Map<ClientSpec, Client>();
  const clientFor = (spec: ClientSpec): Client => {
    const client = clients.get(spec);
    if (!client) throw new Error(`demo data: no client for ${spec.name}`);
    return client;
  };
  for (const spec of CLIENTS) {
    const createdAt = at(
      -spec.joinedDaysAgo,
      `${String(rng.int(8, 20)).padStart(2, '0')}:${rng.pick(['05', '20', '35', '50'])}`,
    );
    const archivedAt = spec.leftDaysAgo === undefined ? undefined : at(-spec.leftDaysAgo, '19:40');
    clients.set(
      spec,
      em.create(Client, {
        trainer,
        name: spec.name,
        email: spec.email,
        phone: spec.phone,
        notes: spec.notes,
        status: archivedAt ? ClientStatus.Archived : ClientStatus.Active,
        createdAt,
        updatedAt: archivedAt ?? createdAt,
      }),
    );
  }

  // 1. Sessions on a per-day grid inside working hours; no two sessions of a day ever overlap.
  const planned: PlannedBooking[] = [];
  for (let offset = -HISTORY_DAYS; offset <= FUTURE_DAYS; offset++) {
    const date = addDays(today, offset);
    const windows = WORKING_HOURS[isoWeekday(date)];
    if (!windows || daysOff.has(date)) continue;

    const mean = expectedSessions(offset) * (windows.length === 1 ? 0.7 : 1);
    const count = Math.min(rng.poisson(mean), 4);
    const taken: Array<[number, number]> = [];
    const bookedToday = new Set<ClientSpec>();
    for (let i = 0; i < count; i++) {
      const spec = pickClient(rng, offset, bookedToday);
      if (!spec) break;
      const durationMinutes = pickDuration(rng, spec);
      const start = pickStart(rng, windows, taken, durationMinutes, spec.prefers);
      if (start === undefined) continue;
      taken.push([start, start + durationMinutes]);
      bookedToday.add(spec);
      const time = `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
      const startTime = zonedTimeToUtc(date, time, tz);
      planned.push(planSession(rng, em, now, trainer, user, clientFor(spec), spec, startTime, durationMinutes));
    }
  }

  // 2. Credits, in the order things happened: buy a pack when needed, consume at booking, refund on early cancel.
  const purchases: Purchase[] = [];
  const ledger: CreditLedgerEntry[] = [];
  const payments: Payment[] = [];
  const pendingRefunds: Array<{ at: Date; plan: PlannedBooking; purchase: Purchase }> = [];
  const applyRefundsUpTo = (time: number): void => {
    pendingRefunds.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let next = pendingRefunds[0]; next !== undefined && next.at.getTime() <= time; next = pendingRefunds[0]) {
      pendingRefunds.shift();
      const { at: refundedAt, plan, purchase } = next;
      purchase.available += 1;
      const byTrainer = plan.booking.cancelledBy === CancelledBy.Trainer;
      ledger.push(
        em.create(CreditLedgerEntry, {
          trainer,
          clientPackage: purchase.entity,
          booking: plan.booking,
          kind: CreditMovement.Refund,
          delta: 1,
          reason: byTrainer
            ? 'Cancelled by the trainer: credit returned'
            : 'Cancelled before the 24-hour cut-off: credit returned',
          createdBy: user,
          createdAt: refundedAt,
          updatedAt: refundedAt,
        }),
      );
    }
  };

  const byCreation = [...planned].sort((a, b) => a.booking.createdAt.getTime() - b.booking.createdAt.getTime());
  for (const plan of byCreation) {
    const { booking, spec } = plan;
    const bookedAt = booking.createdAt;
    applyRefundsUpTo(bookedAt.getTime());
    if (spec.pays !== 'package') continue;

    const client = clientFor(spec);
    let purchase: Purchase | undefined = purchases
      .filter(
        (p) =>
          p.client === client &&
          p.available > 0 &&
          p.purchasedAt.getTime() <= bookedAt.getTime() &&
          p.expiresAt.getTime() >= booking.endTime.getTime(),
      )
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())[0];
    if (!purchase && purchases.length < MAX_PURCHASES) {
      const first = !purchases.some((p) => p.client === client);
      const { spec: packageSpec, entity: sessionPackage } = packages[choosePackage(rng, spec, first)];
      const purchasedAt = new Date(
        Math.max(bookedAt.getTime() - rng.int(5, 90) * MINUTE, client.createdAt.getTime() + MINUTE),
      );
      const expiresAt = zonedTimeToUtc(addDays(localDateOf(purchasedAt, tz), packageSpec.validityDays), '23:59', tz);
      const entity = em.create(ClientPackage, {
        trainer,
        client,
        sessionPackage,
        pricePaidMinor: packageSpec.priceMinor,
        currency: DEMO_CURRENCY,
        creditsGranted: packageSpec.sessions,
        creditsRemaining: packageSpec.sessions,
        purchasedAt,
        expiresAt,
        paid: true,
        createdAt: purchasedAt,
        updatedAt: purchasedAt,
      });
      purchase = { entity, spec: packageSpec, client, purchasedAt, expiresAt, available: packageSpec.sessions };
      purchases.push(purchase);
      ledger.push(
        em.create(CreditLedgerEntry, {
          trainer,
          clientPackage: entity,
          kind: CreditMovement.Grant,
          delta: packageSpec.sessions,
          reason: `Purchased ${packageSpec.name}`,
          createdBy: user,
          createdAt: purchasedAt,
          updatedAt: purchasedAt,
        }),
      );
      payments.push(
        em.create(Payment, {
          trainer,
          client,
          amountMinor: packageSpec.priceMinor,
          currency: DEMO_CURRENCY,
          method: rng.weighted([
            [PaymentMethod.Card, 6],
            [PaymentMethod.Transfer, 3.5],
            [PaymentMethod.Cash, 0.5],
          ] as const),
          paidAt: purchasedAt,
          clientPackage: entity,
          note: null,
          createdAt: purchasedAt,
          updatedAt: purchasedAt,
        }),
      );
    }
    if (!purchase) continue; // the demo has enough purchases; this session is paid on the day instead

    purchase.available -= 1;
    booking.clientPackage = purchase.entity;
    booking.priceMinor = null;
    booking.paid = true;
    ledger.push(
      em.create(CreditLedgerEntry, {
        trainer,
        clientPackage: purchase.entity,
        booking,
        kind: CreditMovement.Consume,
        delta: -1,
        reason: `Session on ${localDateOf(booking.startTime, tz)}`,
        createdBy: user,
        createdAt: bookedAt,
        updatedAt: bookedAt,
      }),
    );
    if (plan.refundAt) pendingRefunds.push({ at: plan.refundAt, plan, purchase });
  }
  applyRefundsUpTo(Number.POSITIVE_INFINITY);

  for (const purchase of purchases) {
    const { expiresAt } = purchase;
    if (expiresAt.getTime() < now.getTime() && purchase.available > 0) {
      ledger.push(
        em.create(CreditLedgerEntry, {
          trainer,
          clientPackage: purchase.entity,
          kind: CreditMovement.Expire,
          delta: -purchase.available,
          reason: `${purchase.spec.name} expired with ${purchase.available} unused credit(s)`,
          system: true,
          createdAt: expiresAt,
          updatedAt: expiresAt,
        }),
      );
      purchase.available = 0;
      purchase.entity.updatedAt = expiresAt;
    }
    purchase.entity.creditsRemaining = purchase.available;
  }

  // 3. Pay-per-session money: completed sessions are paid on the day (bar a couple), no-shows are charged.
  const paygSessions = planned.filter((p) => !p.booking.clientPackage);
  const recentUnpaid = new Set(
    paygSessions
      .filter(
        (p) => p.booking.status === BookingStatus.Completed && p.booking.startTime.getTime() > now.getTime() - 14 * DAY,
      )
      .slice(-UNPAID_SESSIONS)
      .map((p) => p.booking),
  );
  for (const { booking, durationMinutes } of paygSessions) {
    booking.priceMinor = SESSION_PRICES[durationMinutes];
    const charged = booking.status === BookingStatus.Completed || booking.status === BookingStatus.NoShow;
    if (!charged || recentUnpaid.has(booking)) {
      booking.paid = false;
      continue;
    }
    booking.paid = true;
    const paidAt = notAfterNow(new Date(booking.endTime.getTime() + rng.int(0, 90) * MINUTE));
    payments.push(
      em.create(Payment, {
        trainer,
        client: booking.client,
        amountMinor: booking.priceMinor,
        currency: DEMO_CURRENCY,
        method: rng.weighted([
          [PaymentMethod.Card, 5.5],
          [PaymentMethod.Cash, 2],
          [PaymentMethod.Transfer, 2.5],
        ] as const),
        paidAt,
        booking,
        note: booking.status === BookingStatus.NoShow ? 'No-show fee (cancellation policy)' : null,
        createdAt: paidAt,
        updatedAt: paidAt,
      }),
    );
  }

  assertInvariants(planned, purchases, ledger);
  const bookings = planned.map((p) => p.booking);
  createRollups(em, trainer, openedAt, now, { clients: [...clients.values()], bookings, payments, ledger });
  return {
    clients: clients.size,
    bookings: bookings.length,
    sessionPackages: PACKAGES.length,
    purchases: purchases.length,
    payments: payments.length,
    ledgerEntries: ledger.length,
  };
}

/** Newer clients start with the intro pack; regulars buy the bigger packs, which is what keeps them on track. */
function choosePackage(rng: Prng, spec: ClientSpec, first: boolean): PackageSpec['key'] {
  if (first) {
    if (spec.joinedDaysAgo <= 120) return 'intro';
    return spec.weight >= 5 ? 'twenty' : 'ten';
  }
  return spec.weight >= 4
    ? rng.weighted([
        ['twenty', 1],
        ['ten', 2],
      ] as const)
    : rng.weighted([
        ['ten', 3],
        ['five', 2],
      ] as const);
}

/** Average sessions per working day: the business grows over the half-year; the far future is still filling up. */
function expectedSessions(offset: number): number {
  if (offset < 0) return 1.55 + 0.65 * ((offset + HISTORY_DAYS) / HISTORY_DAYS);
  if (offset <= 7) return 2.2;
  if (offset <= 14) return 1.8;
  return 1.2;
}

function pickClient(rng: Prng, offset: number, bookedToday: ReadonlySet<ClientSpec>): ClientSpec | undefined {
  const eligible = CLIENTS.filter(
    (spec) =>
      !bookedToday.has(spec) &&
      offset > -spec.joinedDaysAgo &&
      (spec.leftDaysAgo === undefined || offset < -spec.leftDaysAgo),
  );
  if (eligible.length === 0) return undefined;
  return rng.weighted(eligible.map((spec) => [spec, spec.weight] as const));
}

function pickDuration(rng: Prng, spec: ClientSpec): number {
  return spec.pays === 'package'
    ? rng.weighted([
        [60, 8],
        [45, 1],
        [90, 1],
      ] as const)
    : rng.weighted([
        [30, 2],
        [45, 2],
        [60, 4.5],
        [90, 1.5],
      ] as const);
}

/** A start minute on the half-hour grid where the session fits its window and overlaps nothing taken. */
function pickStart(
  rng: Prng,
  windows: ReadonlyArray<readonly [string, string]>,
  taken: ReadonlyArray<[number, number]>,
  durationMinutes: number,
  prefers: Preference,
): number | undefined {
  const fits = (start: number): boolean => taken.every(([from, to]) => start + durationMinutes <= from || start >= to);
  const candidates = (preferredOnly: boolean): number[] => {
    const starts: number[] = [];
    for (const [from, to] of windows) {
      const windowStart = minutesOfDay(from);
      const morning = windowStart < 12 * 60;
      if (preferredOnly && prefers !== 'any' && morning !== (prefers === 'am')) continue;
      for (let start = windowStart; start + durationMinutes <= minutesOfDay(to); start += 30) {
        if (fits(start)) starts.push(start);
      }
    }
    return starts;
  };
  const preferred = candidates(true);
  const pool = preferred.length > 0 ? preferred : candidates(false);
  return pool.length > 0 ? rng.pick(pool) : undefined;
}

function planSession(
  rng: Prng,
  em: EntityManager,
  now: Date,
  trainer: Trainer,
  user: User,
  client: Client,
  spec: ClientSpec,
  startTime: Date,
  durationMinutes: number,
): PlannedBooking {
  const endTime = new Date(startTime.getTime() + durationMinutes * MINUTE);
  let status: BookingStatus;
  if (endTime.getTime() <= now.getTime()) {
    status = rng.weighted([
      [BookingStatus.Completed, 84],
      [BookingStatus.Cancelled, 10],
      [BookingStatus.NoShow, 6],
    ] as const);
  } else if (startTime.getTime() <= now.getTime()) {
    status = BookingStatus.Confirmed; // in progress right now
  } else {
    const daysAhead = (startTime.getTime() - now.getTime()) / DAY;
    status = rng.chance(0.06)
      ? BookingStatus.Cancelled
      : rng.chance(daysAhead <= 7 ? 0.75 : 0.45)
        ? BookingStatus.Confirmed
        : BookingStatus.Pending;
  }

  let cancelledAt: Date | null = null;
  let cancelledBy: CancelledBy | null = null;
  let reason: string | null = null;
  if (status === BookingStatus.Cancelled) {
    cancelledBy = rng.chance(0.8) ? CancelledBy.Client : CancelledBy.Trainer;
    let hoursBefore: number;
    if (cancelledBy === CancelledBy.Trainer) hoursBefore = rng.int(12, 72);
    else hoursBefore = rng.chance(0.7) ? rng.int(26, 96) : rng.int(2, 20);
    cancelledAt = new Date(startTime.getTime() - hoursBefore * HOUR - rng.int(0, 59) * MINUTE);
    if (cancelledAt.getTime() > now.getTime()) cancelledAt = new Date(now.getTime() - rng.int(30, 36 * 60) * MINUTE);
    reason = rng.pick(cancelledBy === CancelledBy.Trainer ? TRAINER_CANCEL_REASONS : CLIENT_CANCEL_REASONS);
  }

  // Booked some days ahead, never before the client existed nor after now, and always before any cancellation.
  let createdAt = startTime.getTime() - rng.int(1, 14) * DAY - rng.int(0, 10 * 60) * MINUTE;
  createdAt = Math.min(createdAt, now.getTime() - rng.int(10, 72 * 60) * MINUTE);
  if (cancelledAt) createdAt = Math.min(createdAt, cancelledAt.getTime() - rng.int(2, 48) * HOUR);
  createdAt = Math.max(createdAt, client.createdAt.getTime() + HOUR);
  if (cancelledAt && cancelledAt.getTime() <= createdAt) cancelledAt = new Date(createdAt + HOUR);

  const outcomeAt =
    cancelledAt ?? (status === BookingStatus.Completed || status === BookingStatus.NoShow ? endTime : null);
  const updatedAt = new Date(Math.min(Math.max(createdAt, outcomeAt?.getTime() ?? createdAt), now.getTime()));
  const booking = em.create(Booking, {
    trainer,
    client,
    startTime,
    endTime,
    status,
    currency: DEMO_CURRENCY,
    paid: false,
    notes: rng.chance(0.15) ? rng.pick(BOOKING_NOTES) : null,
    cancelledAt,
    cancelledBy,
    cancelledByUser: cancelledAt ? user : null,
    cancellationReason: reason,
    createdAt: new Date(createdAt),
    updatedAt,
  });
  const refundable =
    cancelledAt !== null &&
    (cancelledBy === CancelledBy.Trainer ||
      startTime.getTime() - cancelledAt.getTime() >= CANCELLATION_CUTOFF_HOURS * HOUR);
  return { booking, spec, durationMinutes, refundAt: refundable ? cancelledAt : null };
}

/** The seed must obey the same rules as the product; fail loudly rather than ship broken demo data. */
function assertInvariants(
  planned: readonly PlannedBooking[],
  purchases: readonly Purchase[],
  ledger: readonly CreditLedgerEntry[],
): void {
  const holding = planned
    .map((p) => p.booking)
    .filter((b) => b.status === BookingStatus.Pending || b.status === BookingStatus.Confirmed)
    .sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  for (let i = 1; i < holding.length; i++) {
    if (holding[i].startTime < holding[i - 1].endTime) throw new Error('demo data: overlapping bookings');
  }
  for (const { entity } of purchases) {
    const sum = ledger.filter((e) => e.clientPackage === entity).reduce((total, e) => total + e.delta, 0);
    if (sum !== entity.creditsRemaining || sum < 0) throw new Error('demo data: credit ledger does not add up');
  }
}

interface RollupSources {
  clients: readonly Client[];
  bookings: readonly Booking[];
  payments: readonly Payment[];
  ledger: readonly CreditLedgerEntry[];
}

interface DayTotals {
  revenue: number;
  completed: number;
  cancellations: number;
  noShows: number;
  newClients: number;
  creditsSold: number;
  creditsConsumed: number;
}

/**
 * Daily rollups so the dashboard and analytics have history on first login. The rollup job recomputes these
 * from raw rows; this is only a head start: money by payment day, sessions by session day, cancellations by the
 * day they were made, credits by ledger day.
 */
function createRollups(em: EntityManager, trainer: Trainer, since: Date, now: Date, sources: RollupSources): void {
  const tz = DEMO_TIME_ZONE;
  const days = new Map<string, DayTotals>();
  const add = (instant: Date | null | undefined, change: (totals: DayTotals) => void): void => {
    if (!instant || instant.getTime() > now.getTime()) return;
    const key = localDateOf(instant, tz);
    let totals = days.get(key);
    if (!totals) {
      totals = {
        revenue: 0,
        completed: 0,
        cancellations: 0,
        noShows: 0,
        newClients: 0,
        creditsSold: 0,
        creditsConsumed: 0,
      };
      days.set(key, totals);
    }
    change(totals);
  };
  for (const payment of sources.payments) add(payment.paidAt, (t) => (t.revenue += payment.amountMinor));
  for (const booking of sources.bookings) {
    if (booking.status === BookingStatus.Completed) add(booking.startTime, (t) => (t.completed += 1));
    if (booking.status === BookingStatus.NoShow) add(booking.startTime, (t) => (t.noShows += 1));
    if (booking.status === BookingStatus.Cancelled) add(booking.cancelledAt, (t) => (t.cancellations += 1));
  }
  for (const client of sources.clients) add(client.createdAt, (t) => (t.newClients += 1));
  for (const entry of sources.ledger) {
    if (entry.kind === CreditMovement.Grant) add(entry.createdAt, (t) => (t.creditsSold += entry.delta));
    if (entry.kind === CreditMovement.Consume || entry.kind === CreditMovement.Refund) {
      add(entry.createdAt, (t) => (t.creditsConsumed -= entry.delta));
    }
  }
  const today = localDateOf(now, tz);
  for (let date = localDateOf(since, tz); date <= today; date = addDays(date, 1)) {
    const totals = days.get(date);
    em.create(RevenueRollup, {
      trainer,
      day: date,
      revenueMinor: BigInt(totals?.revenue ?? 0),
      sessionsCompleted: totals?.completed ?? 0,
      cancellations: totals?.cancellations ?? 0,
      noShows: totals?.noShows ?? 0,
      newClients: totals?.newClients ?? 0,
      creditsSold: totals?.creditsSold ?? 0,
      creditsConsumed: totals?.creditsConsumed ?? 0,
      computedAt: now,
    });
  }
}
