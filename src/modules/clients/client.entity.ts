import { type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../database/base.entity.js';
import { Trainer } from '../trainers/trainer.entity.js';

export enum ClientStatus {
  Active = 'active',
  Archived = 'archived',
}

@Entity({ tableName: 'clients' })
@Index({ name: 'clients_trainer_status_name_idx', properties: ['trainer', 'status', 'name'] })
@Index({ name: 'clients_trainer_created_idx', properties: ['trainer', 'createdAt'] })
// Search matches name, email or phone by substring; trigram indexes keep that fast on long lists.
@Index({
  name: 'clients_search_trgm_idx',
  expression: `create index "clients_search_trgm_idx" on "clients" using gin ((lower(name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))) gin_trgm_ops)`,
})
export class Client extends BaseEntity {
  @ManyToOne({ entity: () => Trainer, deleteRule: 'cascade' })
  trainer: Rel<Trainer>;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  phone?: string | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Enum({ items: () => ClientStatus, nativeEnumName: 'client_status', default: ClientStatus.Active })
  status: ClientStatus & Opt = ClientStatus.Active;

  /** When the client used an email's unsubscribe link; from then on they get no reminders or notices. */
  @Property({ type: 'datetime', nullable: true })
  emailOptOutAt?: Date | null;
}
