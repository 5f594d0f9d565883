import { Prng } from '../../scripts/lib/prng.js';
import type { BenchContext, GateResult, Scenario, Side } from './types.js';

/**
 * S3: POST /api/v1/bookings for the busy studio at random times, half of them clashing with a session already
 * on the studio's future grid (those must all answer 409). The other half land in a far-future window of their
 * own per side (app, comparator), so neither side's inserts make the other's clash. Rows are tagged in `notes`
 * ("bench:s3:app" / "bench:s3:bare") and deleted afterwards; the dataset stays as it was.
 */
const BODIES = 60_000;
const DAY = 86_400_000;

function noteOf(side: Side): string {
  return `bench:s3:${side}`;
}

async function bodiesFor(ctx: BenchContext, side: Side): Promise<string[]> {
  const [slots, clients] = await Promise.all([
    ctx.db.query(
      `select start_time from bookings where trainer_id = $1 and status in ('pending', 'confirmed') and start_time > now() + interval '1 hour' order by start_time`,
      [ctx.studio.trainerId],
    ),
    ctx.db.query(`select id from clients where trainer_id = $1 and status = 'active' order by id limit 500`, [
      ctx.studio.trainerId,
    ]),
  ]);
  const taken = slots.rows.map((row) => (row.start_time as Date).getTime());
  const clientIds = clients.rows.map((row) => row.id as string);
  if (taken.length === 0 || clientIds.length === 0)
    throw new Error('S3 needs future sessions and active clients of the studio');
  const prng = new Prng(side === 'app' ? 0x5301 : 0x5302);
  // Fresh times: 5-minute steps in ten years of a window that starts later for the comparator than for the app.
  const windowStart = ctx.dataset.anchor.getTime() + (side === 'app' ? 400 : 4_200) * DAY;
  const steps = (3_650 * DAY) / 300_000;
  const bodies: string[] = [];
  for (let i = 0; i < BODIES; i += 1) {
    const clashing = i % 2 === 0;
    const start = clashing ? prng.pick(taken) + 10 * 60_000 : windowStart + prng.int(0, steps - 1) * 300_000;
    bodies.push(
      JSON.stringify({
        clientId: prng.pick(clientIds),
        startTime: new Date(start).toISOString(),
        durationMinutes: 30,
        priceMinor: 4500,
        notes: noteOf(side),
      }),
    );
  }
  return bodies;
}

function created(loads: Array<{ statuses: Record<string, number> }>): number {
  return loads.reduce((sum, load) => sum + (load.statuses['201'] ?? 0), 0);
}

export const s3BookingCreate: Scenario = {
  id: 'S3',
  title: 'POST /api/v1/bookings, half clashing',
  comparator: 'booking-create',
  door: 'api',
  compareBytes: false,
  target: { minimum: 0.5 },
  okStatuses: [201, 409],
  async prepare(ctx, side) {
    return {
      path: '/api/v1/bookings',
      method: 'POST',
      headers: { authorization: ctx.auth.bearer, 'content-type': 'application/json', accept: 'application/json' },
      bodies: await bodiesFor(ctx, side),
    };
  },
  async verify(ctx, evidence) {
    const gates: GateResult[] = [];
    // The exclusion constraint should make this impossible; the query proves it held under load.
    const overlaps = await ctx.db.query(
      `select count(*)::int as n
         from bookings a join bookings b
           on b.trainer_id = a.trainer_id and b.id <> a.id and b.status in ('pending', 'confirmed')
          and tstzrange(b.start_time, b.end_time, '[)') && tstzrange(a.start_time, a.end_time, '[)')
        where a.trainer_id = $1 and a.status in ('pending', 'confirmed') and a.notes like 'bench:s3:%'`,
      [ctx.studio.trainerId],
    );
    gates.push({
      name: 'S3 no overlapping bookings',
      pass: overlaps.rows[0].n === 0,
      detail: `${overlaps.rows[0].n} overlapping pair(s)`,
    });
    // One at a time (the probe), each clashing body must answer 409 and each fresh one 201: bodies alternate.
    const clashing = Math.ceil(evidence.probeRequests / 2);
    const probe409 = evidence.probeStatuses['409'] ?? 0;
    const probe201 = evidence.probeStatuses['201'] ?? 0;
    gates.push({
      name: 'S3 every clash a 409 (sequential probe)',
      pass: probe409 === clashing && probe201 === evidence.probeRequests - clashing,
      detail: `${probe409} × 409 for ${clashing} clashing, ${probe201} × 201 for ${evidence.probeRequests - clashing} fresh`,
    });
    // Under load: only 201 and 409 were answered (the status gate), and the rows created match the 201s counted,
    // give or take the requests still in flight when a load stopped (the server finished them; nobody counted them).
    const rows = (await ctx.db.query(`select count(*)::int as n from bookings where notes = $1`, ['bench:s3:app']))
      .rows[0].n as number;
    const counted = created(evidence.appLoads) + probe201 + (evidence.sampleStatus === 201 ? 1 : 0);
    const inFlight = evidence.connections * evidence.appLoads.length;
    const conflicts = evidence.appLoads.reduce((sum, load) => sum + (load.statuses['409'] ?? 0), 0);
    gates.push({
      name: 'S3 rows created match the 201s under load',
      pass: rows >= counted && rows - counted <= inFlight && conflicts > 0,
      detail: `${rows} rows for ${counted} × 201 counted (≤ ${inFlight} in flight at the stops), ${conflicts} × 409`,
    });
    return gates;
  },
  async cleanup(ctx) {
    await ctx.db.query(`delete from bookings where notes like 'bench:s3:%'`);
  },
};
