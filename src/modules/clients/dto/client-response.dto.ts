import { ApiProperty } from '@nestjs/swagger';
import { ClientStatus } from '../client.entity.js';
import type { ClientCursorPage, ClientSummary } from '../clients.types.js';

/** What a client looks like to the API: the shape both an entity and a list summary can fill. */
export interface ClientRecord {
  id: string;
  name: string;
  email?: string | null;
  emailOptOutAt?: Date | null;
  phone?: string | null;
  notes?: string | null;
  status: ClientStatus;
  createdAt: Date;
  updatedAt: Date;
}

export class ClientResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The client’s id.', example: '0b6d3c2e-8f1a-4c55-9b0e-2f4d6a8c1e37' })
  id: string;

  @ApiProperty({ description: 'Full name, up to 200 characters.', example: 'Sam Taylor' })
  name: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Email address, lower-cased; null when not known.',
    example: 'sam.taylor@example.com',
  })
  email: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the client unsubscribed from emails (the one-click link in every email): from then on they get no ' +
      'reminders or notices. null while emails reach them. `POST /api/v1/clients/{id}/email-opt-in` turns them back on.',
    example: null,
  })
  emailOptOutAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Phone number as entered; null when not known.',
    example: '+44 7700 900123',
  })
  phone: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The trainer’s private notes, up to 5,000 characters.',
    example: 'Left knee: no deep lunges. Prefers mornings.',
  })
  notes: string | null;

  @ApiProperty({
    enum: ClientStatus,
    enumName: 'ClientStatus',
    description: 'Archived clients are hidden from lists by default and cannot be booked.',
    example: ClientStatus.Active,
  })
  status: ClientStatus;

  @ApiProperty({ format: 'date-time', description: 'When the client was added.', example: '2026-11-26T09:30:00.000Z' })
  createdAt: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the client was last changed.',
    example: '2026-11-28T17:05:12.000Z',
  })
  updatedAt: string;
}

export class ClientListItemDto extends ClientResponseDto {
  @ApiProperty({ description: 'Pending or confirmed sessions that have not started yet.', example: 2 })
  upcomingSessions: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Start of the next pending or confirmed session.',
    example: '2026-12-03T09:00:00.000Z',
  })
  nextSessionAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Start of the most recent completed session; null if none yet.',
    example: '2026-11-24T18:00:00.000Z',
  })
  lastVisitAt: string | null;
}

export class ClientPageDto {
  @ApiProperty({ type: [ClientListItemDto], description: 'Clients ordered by name (ignoring case), then id.' })
  items: ClientListItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: 'WyJzYW0gdGF5bG9yIiwiMGI2ZDNjMmUtOGYxYS00YzU1LTliMGUtMmY0ZDZhOGMxZTM3Il0',
  })
  nextCursor: string | null;
}

export function toClientResponse(client: ClientRecord): ClientResponseDto {
  return {
    id: client.id,
    name: client.name,
    email: client.email ?? null,
    emailOptOutAt: client.emailOptOutAt?.toISOString() ?? null,
    phone: client.phone ?? null,
    notes: client.notes ?? null,
    status: client.status,
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}

export function toClientListItem(summary: ClientSummary): ClientListItemDto {
  return {
    ...toClientResponse(summary),
    upcomingSessions: summary.upcomingSessions,
    nextSessionAt: summary.nextSessionAt?.toISOString() ?? null,
    lastVisitAt: summary.lastVisitAt?.toISOString() ?? null,
  };
}

export function toClientPage(page: ClientCursorPage): ClientPageDto {
  return { items: page.items.map(toClientListItem), nextCursor: page.nextCursor };
}
