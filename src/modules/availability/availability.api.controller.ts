import { Body, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { AvailabilityService } from './availability.service.js';
import { AvailabilityResponseDto, ReplaceAvailabilityDto, toAvailabilityResponse } from './dto/availability.dto.js';
import { SlotsQueryDto, SlotsResponseDto, toSlotsResponse } from './dto/slots.dto.js';

@ApiV1Controller('availability')
export class AvailabilityApiController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @ApiOperation({
    summary: 'Your working hours and days off',
    description: 'Weekly ranges in your local time, and your days off from today on.',
  })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  @ApiProblemResponses(401, 403)
  async getAvailability(@CurrentActor() actor: Actor): Promise<AvailabilityResponseDto> {
    return toAvailabilityResponse(await this.availability.getWeek(actor));
  }

  @Put()
  @ApiOperation({
    summary: 'Replace your working hours (and days off)',
    description:
      '`weekly` replaces every weekly range in one transaction. `daysOff`, when present, replaces every day off from today on; past days off are kept. Omit `daysOff` to leave days off as they are. Rule problems answer 422 with every problem at once in `errors`, keyed like `weekly.3.end` or `daysOff.0.date`. Answers the availability as saved.',
  })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  @ApiProblemResponses(400, 401, 403, 422)
  async replaceAvailability(
    @CurrentActor() actor: Actor,
    @Body() dto: ReplaceAvailabilityDto,
  ): Promise<AvailabilityResponseDto> {
    return toAvailabilityResponse(
      await this.availability.replace(actor, {
        weekly: dto.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
        daysOff: dto.daysOff?.map(({ date, reason }) => ({ date, reason })),
      }),
    );
  }

  @Get('slots')
  @ApiOperation({
    summary: 'Free start times on a date',
    description:
      'The free start times for a session of `durationMinutes` on a local date: working hours, minus a day off, minus pending and confirmed sessions, minus anything that starts sooner than your minimum notice (so never the past). Daylight-saving days are handled (times the clocks skip are never offered). `warnings` say when the date is a day off or has no hours; booking outside them is still allowed.',
  })
  @ApiOkResponse({ type: SlotsResponseDto })
  @ApiProblemResponses(400, 401, 403)
  async getFreeSlots(@CurrentActor() actor: Actor, @Query() query: SlotsQueryDto): Promise<SlotsResponseDto> {
    return toSlotsResponse(
      await this.availability.freeSlots(actor, {
        date: query.date,
        durationMinutes: query.durationMinutes,
        excludeBookingId: query.excludeBookingId ?? null,
      }),
    );
  }
}
