import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthResponseDto, ReadinessResponseDto } from './dto/health-response.dto.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the process is up and serving HTTP. Touches no dependency. */
  @Get()
  @ApiOkResponse({ type: HealthResponseDto })
  getLiveness(): HealthResponseDto {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Redis both answer; 503 when either is down or the process is draining. Also reports
   * the worker's heartbeat and the outbox lag, which never turn it 503 (see HealthService.readiness).
   */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessResponseDto })
  @ApiServiceUnavailableResponse({ type: ReadinessResponseDto })
  async getReadiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponseDto> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ok') void reply.status(503);
    return readiness;
  }
}
