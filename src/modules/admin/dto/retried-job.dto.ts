import { ApiProperty } from '@nestjs/swagger';
import { ALL_QUEUES, QueueName } from '../../../common/queue/queues.js';
import type { RetriedJob } from '../admin-queues.types.js';

export class RetriedJobDto {
  @ApiProperty({ enum: ALL_QUEUES, enumName: 'QueueName', example: QueueName.Emails })
  queue: QueueName;

  @ApiProperty({ example: 'notice.9b2f4c1e-7d3a-4f6b-8e21-5c0d9a7b3e14.booking_confirmed.0' })
  id: string;

  @ApiProperty({ example: 'booking-notice' })
  name: string;

  /** Right after the retry: `waiting`, or already `active` if a worker took it at once. */
  @ApiProperty({ example: 'waiting' })
  state: string;
}

export function toRetriedJob(job: RetriedJob): RetriedJobDto {
  return { queue: job.queue, id: job.id, name: job.name, state: job.state };
}
