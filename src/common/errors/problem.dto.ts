import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9457 problem details, as every /api/v1 error answers (content type application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank#validation_failed' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ description: 'Stable, machine-readable error code.', example: 'validation_failed' })
  code: string;

  @ApiProperty({ description: 'A sentence for humans.', example: 'Some fields are invalid.' })
  detail: string;

  @ApiPropertyOptional({
    description: 'Messages per field.',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { email: ['email must be an email address'] },
  })
  errors?: Record<string, string[]>;

  @ApiPropertyOptional({
    description: 'Correlates with the server logs.',
    example: '6c1f0c3e-2a51-4f0e-9b5e-1f8f1d7b2f4e',
  })
  requestId?: string;
}
