/**
 * The two dataset sizes. `full` is the shape (50 trainers, 10,000 clients, 1,000,000 bookings over
 * three years, one studio with 120,000); `small` keeps the same skew at a size CI loads in a few seconds.
 * Trainer 1 is always the busy studio, the one the scenarios sign in as.
 */
export type ScaleName = 'full' | 'small';

export interface Scale {
  name: ScaleName;
  database: string;
  trainers: number;
  clients: number;
  bookings: number;
  /** Bookings of trainer 1 (the busy studio). */
  busyBookings: number;
  /** Clients of trainer 1; one in ten is archived. */
  busyClients: number;
  /** History before the anchor day. */
  pastDays: number;
  /** Days after the anchor with a grid of pending/confirmed sessions (8 a day, so ~50 in the next 7 days). */
  futureDays: number;
}

export const SCALES: Readonly<Record<ScaleName, Scale>> = {
  full: {
    name: 'full',
    database: 'trainerhub_bench',
    trainers: 50,
    clients: 10_000,
    bookings: 1_000_000,
    busyBookings: 120_000,
    busyClients: 1_200,
    pastDays: 3 * 365 - 30,
    futureDays: 30,
  },
  small: {
    name: 'small',
    database: 'trainerhub_bench_small',
    trainers: 5,
    clients: 500,
    bookings: 20_000,
    busyBookings: 6_000,
    busyClients: 150,
    pastDays: 365,
    futureDays: 30,
  },
};

/** Sessions a day on each trainer's future grid (UTC hours below); the grid never overlaps by construction. */
export const FUTURE_SLOT_HOURS = [7, 8, 9, 10, 11, 16, 17, 18] as const;

/** Bumped whenever the generator changes, so an old dataset is rebuilt instead of silently reused. */
export const DATASET_VERSION = 'bench-dataset-v3';

/** The studio's login, known to the bench (and to nobody else: the database is private to the bench). */
export const BENCH_LOGIN = {
  email: 'studio@bench.trainerhub.test',
  password: 'bench-studio-Pa55word-2026',
  businessName: 'Siobhán O’Brien Strength Studio',
} as const;
