import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Actor } from '../../common/actor.js';
import { QueueName, RollupJob, rollupDayJob, type RefreshDayPayload } from '../../common/queue/queues.js';
import { UserRole } from '../../common/roles.js';
import { addDays, localDateOf } from '../../common/time/zoned-time.js';
import { isIsoDate, isUuid } from '../../common/validation/validators.js';
import { CreditExpiryService } from '../packages/credit-expiry.service.js';
import { RollupError, RollupErrorCode } from './rollup.errors.js';
import { RollupsRepository } from './rollups.repository.js';
import {
  MAX_REBUILD_YEARS,
  NIGHTLY_LOCAL_HOUR,
  NIGHTLY_REBUILD_DAYS,
  type NightlySummary,
  type RebuildCounts,
  type RebuildRangeInput,
  type RebuildSummary,
} from './rollups.types.js';

/** Completed refresh jobs go at once (their ids carry a window, so none is ever re-added); failures stay a week. */
const REFRESH_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * The revenue rollups: scheduling a day's refresh, the refresh itself, the nightly run and the ops rebuild.
 * The worker-facing methods act for the system (their input is a job payload, not a user), like maintenance;
 * the ops rebuild takes the actor and checks the admin role itself.
 */
@Injectable()
export class RollupsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: RollupsRepository,
    private readonly expiry: CreditExpiryService,
    @InjectQueue(QueueName.Rollups) private readonly queue: Queue,
  ) {}

  /**
   * Asks for one trainer's local day to be recomputed soon. Repeats inside the debounce window share one job
   * (deterministic id, see rollupDayJob). Talks to Redis: call it from the outbox relay, not from a request.
   */
  async scheduleDay(trainerId: string, day: string, now: Date = new Date()): Promise<void> {
    await this.scheduleDays(trainerId, [day], now);
  }

  /** scheduleDay for several days of one trainer (a reschedule touches the old and the new day). */
  async scheduleDays(trainerId: string, days: readonly string[], now: Date = new Date()): Promise<void> {
    if (!isUuid(trainerId)) throw new Error(`Not a trainer id: ${trainerId}`);
    const unique = [...new Set(days)];
    const bad = unique.find((day) => !isIsoDate(day));
    if (bad !== undefined) throw new Error(`Not a local date: ${bad}`);
    await this.queue.addBulk(
      unique.map((day) => {
        const data: RefreshDayPayload = { trainerId: trainerId.toLowerCase(), day };
        const { jobId, delay } = rollupDayJob(data, now.getTime());
        return { name: RollupJob.RefreshDay, data, opts: { ...REFRESH_JOB_OPTIONS, jobId, delay } };
      }),
    );
  }

  /**
   * scheduleDays for the local days (in the trainer's zone) of these instants: for a producer that knows when
   * things happened but not the trainer's zone. Does nothing for a trainer that no longer exists.
   */
  async scheduleInstants(trainerId: string, instants: readonly Date[], now: Date = new Date()): Promise<void> {
    if (!isUuid(trainerId)) throw new Error(`Not a trainer id: ${trainerId}`);
    const zone = await this.repository.timeZoneOf(this.em.fork(), trainerId.toLowerCase());
    if (zone === null) return;
    await this.scheduleDays(
      trainerId,
      instants.map((instant) => localDateOf(instant, zone)),
      now,
    );
  }

  /** The refresh job: recomputes one day. A trainer deleted since the job was queued leaves nothing to do. */
  async refreshDay(payload: RefreshDayPayload): Promise<RebuildCounts> {
    const counts = await this.repository.rebuild(this.em.fork(), payload.trainerId, payload.day, payload.day);
    return counts ?? { written: 0, deleted: 0 };
  }

  /**
   * The hourly job: for every trainer whose local clock reads 03:xx at `now`, writes off expired credits, then
   * rebuilds their last 35 local days and today. A night missed (worker down, a DST day without a 03:00) is
   * caught up by the next one: the expiry takes everything due by then, and the window overlaps.
   */
  async nightly(now: Date = new Date()): Promise<NightlySummary> {
    const due = await this.repository.trainersAtLocalHour(this.em.fork(), now, NIGHTLY_LOCAL_HOUR);
    const summary: NightlySummary = { trainers: 0, purchasesExpired: 0, daysWritten: 0, daysDeleted: 0 };
    for (const { trainerId, today } of due) {
      summary.purchasesExpired += await this.expiry.expireDueFor(trainerId, now);
      const counts = await this.repository.rebuild(
        this.em.fork(),
        trainerId,
        addDays(today, -NIGHTLY_REBUILD_DAYS),
        today,
      );
      if (!counts) continue;
      summary.trainers += 1;
      summary.daysWritten += counts.written;
      summary.daysDeleted += counts.deleted;
    }
    return summary;
  }

  /**
   * The ops rebuild (admins only): one statement per trainer over local days `from`..`to`, for one trainer or
   * all of them. At most three years, so one call stays a bounded amount of work.
   */
  async rebuild(actor: Actor, input: RebuildRangeInput): Promise<RebuildSummary> {
    if (actor.role !== UserRole.Admin)
      throw new RollupError(RollupErrorCode.AdminOnly, 'Only admins can rebuild rollups.');
    this.checkRange(input.from, input.to);
    const em = this.em.fork();
    let trainerIds: string[];
    if (input.trainerId === undefined) {
      trainerIds = await this.repository.trainerIds(em);
    } else {
      const id = input.trainerId.toLowerCase();
      if (!isUuid(id) || !(await this.repository.trainerExists(em, id))) throw this.trainerNotFound();
      trainerIds = [id];
    }
    const summary: RebuildSummary = { from: input.from, to: input.to, trainers: 0, daysWritten: 0, daysDeleted: 0 };
    for (const trainerId of trainerIds) {
      const counts = await this.repository.rebuild(em, trainerId, input.from, input.to);
      // A trainer deleted meanwhile has no rollups left to rebuild.
      if (!counts) continue;
      summary.trainers += 1;
      summary.daysWritten += counts.written;
      summary.daysDeleted += counts.deleted;
    }
    return summary;
  }

  private checkRange(from: string, to: string): void {
    const fields: Record<string, string[]> = {};
    if (!isIsoDate(from)) fields.from = ['Use a real date like 2026-12-01.'];
    if (!isIsoDate(to)) fields.to = ['Use a real date like 2026-12-01.'];
    else if (isIsoDate(from) && to < from) fields.to = ['Must be on or after from.'];
    else if (isIsoDate(from) && to >= addYears(from, MAX_REBUILD_YEARS))
      fields.to = [`At most ${MAX_REBUILD_YEARS} years after from.`];
    if (Object.keys(fields).length > 0)
      throw new RollupError(RollupErrorCode.InvalidRange, 'That date range can’t be rebuilt.', { fields });
  }

  private trainerNotFound(): RollupError {
    return new RollupError(RollupErrorCode.TrainerNotFound, 'There is no such trainer.', {
      fields: { trainerId: ['No trainer has this id.'] },
    });
  }
}

/** The same calendar date `years` later (29 February becomes 1 March). */
function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}
