import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { Roles } from '../../common/http/route-access.js';
import { UserRole } from '../../common/roles.js';
import { RollupsService } from '../analytics/rollups.service.js';
import { RebuildRollupsDto, RollupRebuildResultDto, toRollupRebuildResult } from './dto/rebuild-rollups.dto.js';

@ApiV1Controller('admin')
@Roles(UserRole.Admin)
export class AdminRollupsApiController {
  constructor(private readonly rollups: RollupsService) {}

  /** Recomputes the revenue rollups from raw rows; a rerun changes nothing. */
  @Post('rollups/rebuild')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rebuild revenue rollups (admin)',
    description:
      'Recomputes the daily rollups of one trainer, or of every trainer, for the local days `from`..`to` (inclusive, in each trainer’s zone) from bookings, payments, clients and the credit ledger. Runs now and answers what changed; at most 3 years per call. Admins only.',
  })
  @ApiOkResponse({ type: RollupRebuildResultDto })
  @ApiProblemResponses(400, 401, 403, 404, 422)
  async rebuildRollups(@CurrentActor() actor: Actor, @Body() dto: RebuildRollupsDto): Promise<RollupRebuildResultDto> {
    return toRollupRebuildResult(
      await this.rollups.rebuild(actor, { trainerId: dto.trainerId, from: dto.from, to: dto.to }),
    );
  }
}
