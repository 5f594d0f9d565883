import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, invalidCursor, toPage } from '../../common/pagination/cursor.js';
import { UserRole } from '../../common/roles.js';
import { AdminRepository } from './admin.repository.js';
import type { TrainerPage } from './admin.types.js';

/** Operations staff's view across tenants. Every method re-checks the role: the guard is not the only gate. */
@Injectable()
export class AdminService {
  constructor(private readonly repository: AdminRepository) {}

  /** Trainers newest first, keyset-paginated on (created_at, id); one query whatever the page size. */
  async listTrainers(actor: Actor, options: { limit: number; cursor?: string }): Promise<TrainerPage> {
    if (actor.role !== UserRole.Admin)
      throw new DomainError('forbidden', 'forbidden', 'Only admins can list trainers.');
    const after = options.cursor ? decodeCursor(options.cursor) : null;
    if (after && Number.isNaN(Date.parse(after.value))) throw invalidCursor();
    const rows = await this.repository.trainersPage(
      options.limit + 1,
      after ? { createdAt: new Date(after.value), id: after.id } : null,
    );
    const page = toPage(rows, options.limit, (row) => ({ value: row.createdAt.toISOString(), id: row.id }));
    return { items: page.items, nextCursor: page.nextCursor };
  }
}
