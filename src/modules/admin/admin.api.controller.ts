import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { Roles } from '../../common/http/route-access.js';
import { UserRole } from '../../common/roles.js';
import { AdminService } from './admin.service.js';
import { ListTrainersQueryDto, toTrainerPage, TrainerPageDto } from './dto/list-trainers.dto.js';

@ApiV1Controller('admin')
@Roles(UserRole.Admin)
export class AdminApiController {
  constructor(private readonly admin: AdminService) {}

  @Get('trainers')
  @ApiOperation({ summary: 'List trainers (admin)', description: 'Every trainer account, newest first. Admins only.' })
  @ApiOkResponse({ type: TrainerPageDto })
  @ApiProblemResponses(400, 401, 403)
  async listTrainers(@CurrentActor() actor: Actor, @Query() query: ListTrainersQueryDto): Promise<TrainerPageDto> {
    return toTrainerPage(await this.admin.listTrainers(actor, { limit: query.limit ?? 25, cursor: query.cursor }));
  }
}
