import { ApiProperty } from '@nestjs/swagger';
import type { ReconcileSummary } from '../admin-queues.types.js';

export class ReconcileRemindersResultDto {
  /**
   * Planned reminders and booking notices (the 5,000 due soonest) whose jobs were added to the queues under their
   * deterministic ids. A job Redis still held is left exactly as it was, so this counts the re-created jobs only
   * when Redis had lost them (after a FLUSHALL or an eviction); in normal running most were already there.
   */
  @ApiProperty({ example: 128 })
  handed: number;
}

export function toReconcileRemindersResult(summary: ReconcileSummary): ReconcileRemindersResultDto {
  return { handed: summary.handed };
}
