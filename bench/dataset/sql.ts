import { planTrainers, planValues } from './plan.js';
import { BENCH_LOGIN, FUTURE_SLOT_HOURS, type Scale } from './scales.js';

/**
 * The dataset as set-based SQL: every table is one INSERT … SELECT over generate_series, so a million bookings
 * load in seconds instead of a million round trips. Everything is a pure function of the row number (ids are
 * md5 of a label, "random" picks are modular arithmetic), so two loads of one scale are identical apart from
 * the anchor day that past and future are measured from.
 *
 * Overlaps: the exclusion constraint covers pending/confirmed sessions only. Those exist only on each trainer's
 * future grid (8 one-hour slots a day, one booking per slot), so they cannot overlap by construction. History
 * (completed, cancelled, no-show) may run in parallel, as in a studio with several rooms.
 */

const NAMES = [
  'Siobhán O’Brien',
  'Łukasz Kowalski',
  'Ελένη Παπαδάκη',
  '李小龍',
  'Sam Carter',
  'Aoife Murphy',
  'José Álvarez',
  'Priya Natarajan',
  'Zoë Lefèvre',
  'Oluwaseun Adeyemi',
];

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const NAMES_ARRAY = `array[${NAMES.map(sqlText).join(', ')}]::text[]`;
const SLOT_HOURS = `array[${FUTURE_SLOT_HOURS.join(', ')}]::int[]`;

export interface DatasetSql {
  /** Run in order inside one transaction; $1 is the anchor (UTC midnight), $2 the shared password hash. */
  statements: Array<{ label: string; sql: string; params: Array<'anchor' | 'hash'> }>;
}

export function datasetSql(scale: Scale): DatasetSql {
  const plans = planTrainers(scale);
  const past = scale.pastDays;
  return {
    statements: [
      {
        label: 'plan',
        params: [],
        // Ids are md5 of a label, shaped as version-4 UUIDs (version nibble 4, variant 8) so every validator accepts them.
        sql: `create function pg_temp.bench_uuid(label text) returns uuid language sql immutable
                as $$ select overlay(overlay(md5(label) placing '4' from 13) placing '8' from 17)::uuid $$;
              create temp table bench_plan (n int primary key, first_client int, client_count int, past_count int, future_count int) on commit drop;
              insert into bench_plan values ${planValues(plans)};`,
      },
      {
        label: 'users',
        params: ['anchor', 'hash'],
        sql: `insert into users (id, created_at, updated_at, email, password_hash, name, role)
              select pg_temp.bench_uuid('bench-user-' || p.n), $1::timestamptz - interval '${past + 30} days', $1::timestamptz - interval '${past + 30} days',
                     case when p.n = 1 then ${sqlText(BENCH_LOGIN.email)} else 'trainer-' || p.n || '@bench.trainerhub.test' end,
                     $2, (${NAMES_ARRAY})[1 + (p.n - 1) % ${NAMES.length}], 'trainer'
                from bench_plan p`,
      },
      {
        label: 'trainers',
        params: ['anchor'],
        sql: `insert into trainers (id, created_at, updated_at, user_id, business_name, time_zone, currency)
              select pg_temp.bench_uuid('bench-trainer-' || p.n), $1::timestamptz - interval '${past + 30} days', $1::timestamptz - interval '${past + 30} days',
                     pg_temp.bench_uuid('bench-user-' || p.n),
                     case when p.n = 1 then ${sqlText(BENCH_LOGIN.businessName)} else 'Bench Trainer ' || p.n end,
                     'Europe/London', 'GBP'
                from bench_plan p`,
      },
      {
        label: 'availability_slots',
        params: [],
        sql: `insert into availability_slots (id, trainer_id, weekday, start_time, end_time)
              select pg_temp.bench_uuid('bench-slot-' || p.n || '-' || d.wd || '-' || h.s), pg_temp.bench_uuid('bench-trainer-' || p.n), d.wd, h.s::time, h.e::time
                from bench_plan p
                cross join generate_series(1, 5) d(wd)
                cross join (values ('07:00', '12:00'), ('16:00', '20:00')) h(s, e)
              union all
              select pg_temp.bench_uuid('bench-slot-' || p.n || '-6'), pg_temp.bench_uuid('bench-trainer-' || p.n), 6, '08:00'::time, '12:00'::time from bench_plan p`,
      },
      {
        label: 'session_packages',
        params: ['anchor'],
        sql: `insert into session_packages (id, created_at, updated_at, trainer_id, name, session_count, price_minor, currency, validity_days, active)
              select pg_temp.bench_uuid('bench-sp-' || p.n || '-' || k.i), $1::timestamptz - interval '${past} days', $1::timestamptz - interval '${past} days',
                     pg_temp.bench_uuid('bench-trainer-' || p.n), k.name, k.sessions, k.price, 'GBP', k.validity, true
                from bench_plan p
                cross join (values (1, 'Five sessions', 5, 22500, 60), (2, 'Ten sessions', 10, 42000, 120), (3, 'Twenty sessions', 20, 78000, 365))
                           k(i, name, sessions, price, validity)`,
      },
      {
        label: 'clients',
        params: ['anchor'],
        sql: `insert into clients (id, created_at, updated_at, trainer_id, name, email, phone, status)
              select pg_temp.bench_uuid('bench-client-' || g.i),
                     $1::timestamptz - make_interval(days => ${past} - (g.i * 7) % ${past}), $1::timestamptz - make_interval(days => (g.i * 3) % 30),
                     pg_temp.bench_uuid('bench-trainer-' || p.n),
                     (${NAMES_ARRAY})[1 + (g.i * 7) % ${NAMES.length}] || ' ' || g.i,
                     'client-' || g.i || '@example.test', '+44 7700 ' || lpad((g.i % 1000000)::text, 6, '0'),
                     (case when g.i % 10 = 0 then 'archived' else 'active' end)::client_status
                from bench_plan p
                cross join lateral generate_series(p.first_client, p.first_client + p.client_count - 1) g(i)`,
      },
      {
        label: 'client_packages',
        params: ['anchor'],
        sql: `insert into client_packages (id, created_at, updated_at, trainer_id, client_id, session_package_id, price_paid_minor, currency,
                                           credits_granted, credits_remaining, purchased_at, expires_at, paid)
              select pg_temp.bench_uuid('bench-cp-' || g.i), x.purchased, x.purchased, pg_temp.bench_uuid('bench-trainer-' || p.n), pg_temp.bench_uuid('bench-client-' || g.i),
                     pg_temp.bench_uuid('bench-sp-' || p.n || '-' || x.k), x.price, 'GBP', x.sessions, (g.i * 7) % (x.sessions + 1),
                     x.purchased, x.purchased + make_interval(days => x.validity), true
                from bench_plan p
                cross join lateral generate_series(p.first_client, p.first_client + p.client_count - 1) g(i)
                cross join lateral (
                  select 1 + g.i % 3 as k,
                         (array[5, 10, 20])[1 + g.i % 3] as sessions,
                         (array[22500, 42000, 78000])[1 + g.i % 3] as price,
                         (array[60, 120, 365])[1 + g.i % 3] as validity,
                         $1::timestamptz - make_interval(days => (g.i * 37) % ${past}) as purchased
                ) x
               where g.i % 5 in (1, 2, 3)`,
      },
      {
        label: 'credit_ledger_entries',
        params: [],
        sql: `insert into credit_ledger_entries (id, created_at, updated_at, trainer_id, client_package_id, kind, delta, reason, system)
              select pg_temp.bench_uuid('bench-led-grant-' || cp.id), cp.purchased_at, cp.purchased_at, cp.trainer_id, cp.id, 'grant'::credit_movement, cp.credits_granted,
                     'Package purchased', false
                from client_packages cp
              union all
              select pg_temp.bench_uuid('bench-led-use-' || cp.id || '-' || u.j), cp.purchased_at + make_interval(days => u.j), cp.purchased_at + make_interval(days => u.j),
                     cp.trainer_id, cp.id, 'consume'::credit_movement, -1, 'Session attended', true
                from client_packages cp
                cross join lateral generate_series(1, cp.credits_granted - cp.credits_remaining) u(j)`,
      },
      {
        label: 'bookings (history)',
        params: ['anchor'],
        sql: `insert into bookings (id, created_at, updated_at, trainer_id, client_id, start_time, end_time, status, price_minor, currency, paid,
                                    cancelled_at, cancelled_by, cancellation_reason)
              select pg_temp.bench_uuid('bench-b-' || p.n || '-' || g.k), s.start - interval '10 days', s.start + interval '2 hours',
                     pg_temp.bench_uuid('bench-trainer-' || p.n), pg_temp.bench_uuid('bench-client-' || (p.first_client + (g.k * 7919 + p.n) % p.client_count)),
                     s.start, s.start + make_interval(mins => s.minutes), s.status::booking_status, 4500, 'GBP', s.status = 'completed',
                     case when s.status = 'cancelled' then s.start - make_interval(hours => 2 + (g.k % 3) * 24) end,
                     (case when s.status = 'cancelled' then (case when g.k % 2 = 0 then 'client' else 'trainer' end) end)::cancelled_by,
                     case when s.status = 'cancelled' and g.k % 4 = 0 then 'Rescheduled by phone' end
                from bench_plan p
                cross join lateral generate_series(0, p.past_count - 1) g(k)
                cross join lateral (
                  select $1::timestamptz - make_interval(days => ${past} - ((g.k::bigint * ${past}) / p.past_count)::int)
                           + make_interval(hours => 7 + (g.k * 7) % 13, mins => ((g.k * 13) % 4) * 15) as start,
                         (array[30, 45, 60, 60, 60, 60, 60, 60, 60, 60])[1 + g.k % 10] as minutes,
                         case when (g.k * 7919 + p.n * 31) % 100 < 8 then 'cancelled'
                              when (g.k * 7919 + p.n * 31) % 100 < 12 then 'no_show'
                              else 'completed' end as status
                ) s`,
      },
      {
        label: 'bookings (future grid)',
        params: ['anchor'],
        sql: `insert into bookings (id, created_at, updated_at, trainer_id, client_id, start_time, end_time, status, price_minor, currency, paid,
                                    cancelled_at, cancelled_by, schedule_version)
              select pg_temp.bench_uuid('bench-f-' || p.n || '-' || g.k), $1::timestamptz - interval '5 days', $1::timestamptz - interval '1 day',
                     pg_temp.bench_uuid('bench-trainer-' || p.n), pg_temp.bench_uuid('bench-client-' || c.i),
                     s.start, s.start + interval '55 minutes', s.status::booking_status, 4500, 'GBP', false,
                     case when s.status = 'cancelled' then $1::timestamptz - interval '1 day' end,
                     (case when s.status = 'cancelled' then 'client' end)::cancelled_by, 0
                from bench_plan p
                cross join lateral generate_series(0, p.future_count - 1) g(k)
                cross join lateral (
                  select $1::timestamptz + make_interval(days => 1 + g.k / ${FUTURE_SLOT_HOURS.length},
                                                         hours => (${SLOT_HOURS})[1 + g.k % ${FUTURE_SLOT_HOURS.length}]) as start,
                         case when (g.k * 7919 + p.n * 31) % 100 < 8 then 'cancelled'
                              when (g.k * 7919 + p.n * 31) % 100 < 50 then 'confirmed'
                              else 'pending' end as status
                ) s
                cross join lateral (select p.first_client + (g.k * 7919 + p.n) % p.client_count as raw) r
                -- Future sessions belong to active clients: an archived one (every tenth) hands over to a neighbour.
                cross join lateral (select case when r.raw % 10 <> 0 then r.raw when r.raw = p.first_client then r.raw + 1 else r.raw - 1 end as i) c`,
      },
      {
        label: 'payments',
        params: [],
        sql: `insert into payments (id, created_at, updated_at, trainer_id, client_id, amount_minor, currency, method, paid_at, client_package_id)
              select pg_temp.bench_uuid('bench-pay-cp-' || cp.id), cp.purchased_at, cp.purchased_at, cp.trainer_id, cp.client_id, cp.price_paid_minor, 'GBP',
                     'card'::payment_method, cp.purchased_at, cp.id
                from client_packages cp
              union all
              select pg_temp.bench_uuid('bench-pay-b-' || b.id), b.end_time, b.end_time, b.trainer_id, b.client_id, b.price_minor, 'GBP',
                     (array['cash', 'card', 'transfer', 'other'])[1 + abs(hashtext(b.id::text) / 4) % 4]::payment_method, b.end_time, null
                from bookings b
               where b.status = 'completed' and b.paid and b.price_minor > 0 and abs(hashtext(b.id::text)) % 4 = 0`,
      },
    ],
  };
}
