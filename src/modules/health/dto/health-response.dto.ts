import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  /** Always "ok" when the process answers. */
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  database: 'ok' | 'down';

  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  redis: 'ok' | 'down';
}

export class ReadinessResponseDto {
  /** "ok" only when every dependency answers. */
  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  status: 'ok' | 'down';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}
