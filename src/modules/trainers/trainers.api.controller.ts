import { Body, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { toTrainerSettingsResponse, TrainerSettingsResponseDto } from './dto/trainer-response.dto.js';
import { UpdateTrainerDto } from './dto/update-trainer.dto.js';
import { TrainersService } from './trainers.service.js';

@ApiV1Controller('trainer')
export class TrainersApiController {
  constructor(private readonly trainers: TrainersService) {}

  @Get()
  @ApiOperation({ summary: 'Your trainer profile and settings' })
  @ApiOkResponse({ type: TrainerSettingsResponseDto })
  @ApiProblemResponses(401, 403)
  async getTrainer(@CurrentActor() actor: Actor): Promise<TrainerSettingsResponseDto> {
    return toTrainerSettingsResponse(await this.trainers.getProfile(actor));
  }

  @Patch()
  @ApiOperation({
    summary: 'Update your profile and settings',
    description: 'Send only the fields to change. 422 with a message per field when a value is out of range.',
  })
  @ApiOkResponse({ type: TrainerSettingsResponseDto })
  @ApiProblemResponses(400, 401, 403, 422)
  async updateTrainer(
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateTrainerDto,
  ): Promise<TrainerSettingsResponseDto> {
    return toTrainerSettingsResponse(await this.trainers.update(actor, dto));
  }
}
