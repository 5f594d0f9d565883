import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';

/** The outbox's write side, for every module whose changes must reach the worker (both processes load it). */
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
