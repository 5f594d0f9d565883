import { type EventArgs, type EventSubscriber, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Trainer } from '../trainers/trainer.entity.js';
import { ActorCache } from './actor-cache.js';
import { User } from './user.entity.js';

/**
 * Evicts an account from this process's ActorCache the moment this process writes its user or trainer profile,
 * inside the flush (before the commit). The NOTIFY of the same change reaches every process only after the
 * commit, a moment later; this closes that moment for the client that made the change, so its next request,
 * on this process, already runs with the new password version, role or settings.
 */
@Injectable()
export class ActorChangeSubscriber implements EventSubscriber<User | Trainer>, OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly cache: ActorCache,
  ) {}

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  getSubscribedEntities() {
    return [User, Trainer];
  }

  afterCreate(args: EventArgs<User | Trainer>): void {
    this.evict(args.entity);
  }

  afterUpdate(args: EventArgs<User | Trainer>): void {
    this.evict(args.entity);
  }

  afterDelete(args: EventArgs<User | Trainer>): void {
    this.evict(args.entity);
  }

  private evict(entity: User | Trainer): void {
    this.cache.forget(entity instanceof Trainer ? entity.user.id : entity.id);
  }
}
