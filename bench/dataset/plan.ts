import { FUTURE_SLOT_HOURS, type Scale } from './scales.js';

/** How many clients and bookings each trainer gets, and where its clients sit in the global 1..N numbering. */
export interface TrainerPlan {
  n: number;
  firstClient: number;
  clientCount: number;
  pastCount: number;
  futureCount: number;
}

/** Splits `total` over `parts` as evenly as whole numbers allow (the first `total % parts` get one more). */
function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

export function planTrainers(scale: Scale): TrainerPlan[] {
  const others = scale.trainers - 1;
  const futureCount = scale.futureDays * FUTURE_SLOT_HOURS.length;
  const plans: TrainerPlan[] = [];
  let nextClient = 1;
  for (let n = 1; n <= scale.trainers; n += 1) {
    const clientCount = n === 1 ? scale.busyClients : share(scale.clients - scale.busyClients, others, n - 2);
    const bookings = n === 1 ? scale.busyBookings : share(scale.bookings - scale.busyBookings, others, n - 2);
    if (bookings <= futureCount || clientCount < 2) throw new Error(`scale ${scale.name}: trainer ${n} is too small`);
    plans.push({ n, firstClient: nextClient, clientCount, pastCount: bookings - futureCount, futureCount });
    nextClient += clientCount;
  }
  return plans;
}

/** The plan as a VALUES list for SQL (integers only, so inlining is safe). */
export function planValues(plans: TrainerPlan[]): string {
  return plans.map((p) => `(${p.n}, ${p.firstClient}, ${p.clientCount}, ${p.pastCount}, ${p.futureCount})`).join(',\n');
}
