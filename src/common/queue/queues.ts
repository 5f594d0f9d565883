/** Queue and job names in one place, so the web process (producer) and the worker (consumer) agree. */
export enum QueueName {
  Reminders = 'reminders',
  Rollups = 'rollups',
  Maintenance = 'maintenance',
}

export const ALL_QUEUES: readonly QueueName[] = [QueueName.Reminders, QueueName.Rollups, QueueName.Maintenance];

export enum MaintenanceJob {
  PurgeIdempotencyKeys = 'purge-idempotency-keys',
}
