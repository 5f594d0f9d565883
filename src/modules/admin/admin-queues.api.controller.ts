import { applyDecorators, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { Roles } from '../../common/http/route-access.js';
import { ALL_QUEUES } from '../../common/queue/queues.js';
import { UserRole } from '../../common/roles.js';
import { AdminQueuesService } from './admin-queues.service.js';
import { QueuesOverviewDto, toQueuesOverview } from './dto/queues-overview.dto.js';
import { ReconcileRemindersResultDto, toReconcileRemindersResult } from './dto/reconcile-reminders.dto.js';
import { RetriedJobDto, toRetriedJob } from './dto/retried-job.dto.js';

/** Every route here needs Redis; an outage answers this at once (or after at most a few seconds), never a hang. */
function ApiRedisUnavailableResponse(): MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status: 503,
      description: 'Redis (or PostgreSQL) is unreachable; retry after the `Retry-After` seconds.',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
    }),
  );
}

@ApiV1Controller('admin')
@Roles(UserRole.Admin)
export class AdminQueuesApiController {
  constructor(private readonly queues: AdminQueuesService) {}

  /** What the job queues hold, per queue. */
  @Get('queues')
  @ApiOperation({
    summary: 'Job queues overview (admin)',
    description:
      'For each queue (reminders, emails, rollups, maintenance): the jobs per state, how long the longest-waiting due job has waited, and the 20 newest failed jobs with their reasons. Read from Redis now. Admins only.',
  })
  @ApiOkResponse({ type: QueuesOverviewDto })
  @ApiProblemResponses(401, 403)
  @ApiRedisUnavailableResponse()
  async listQueues(@CurrentActor() actor: Actor): Promise<QueuesOverviewDto> {
    return toQueuesOverview(await this.queues.overview(actor));
  }

  /** Re-creates any reminder or notice job Redis lost, from PostgreSQL, now. */
  @Post('reminders/reconcile')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reconcile reminder jobs now (admin)',
    description:
      'Runs the reminders reconciler in this request (the workers also run it at start and every five minutes): every planned reminder and booking notice in PostgreSQL (the 5,000 due soonest) gets its job added under its deterministic id. A job Redis still holds is left as it is, so running this any number of times, on any number of processes, never makes a second job, and the send claim in PostgreSQL keeps every message single anyway. Use it after a Redis FLUSHALL, an eviction or a restore. Answers when done (200), with the count handed to the queues; 503 if Redis does not answer within 10 s (some jobs may still be added, which is harmless). Admins only.',
  })
  @ApiOkResponse({ type: ReconcileRemindersResultDto })
  @ApiProblemResponses(401, 403)
  @ApiRedisUnavailableResponse()
  async reconcileReminders(@CurrentActor() actor: Actor): Promise<ReconcileRemindersResultDto> {
    return toReconcileRemindersResult(await this.queues.reconcileReminders(actor));
  }

  /** Moves a failed job back to waiting. */
  @Post('jobs/:queue/:id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry a failed job (admin)',
    description:
      'Moves a failed job (see `failed` in the queues overview) back to waiting, with its attempts and backoff counted afresh. The job runs its handler again, which re-reads PostgreSQL: a reminder or notice already recorded as sent, or failed for good, is not sent twice. 404 `queue_not_found` for an unknown queue, 404 `job_not_found` for an unknown job, 409 `job_not_failed` for a job that is not failed (its `state` is in the body). Admins only.',
  })
  @ApiParam({ name: 'queue', enum: ALL_QUEUES, description: 'The queue the job is in.' })
  @ApiParam({
    name: 'id',
    description: 'The job id, as listed in the overview.',
    example: 'rollup.3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f.2026-12-03.396921600',
  })
  @ApiOkResponse({ type: RetriedJobDto })
  @ApiProblemResponses(401, 403, 404, 409)
  @ApiRedisUnavailableResponse()
  async retryJob(
    @CurrentActor() actor: Actor,
    @Param('queue') queue: string,
    @Param('id') id: string,
  ): Promise<RetriedJobDto> {
    return toRetriedJob(await this.queues.retryFailedJob(actor, queue, id));
  }
}
