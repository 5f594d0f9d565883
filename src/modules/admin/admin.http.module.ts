import { Module } from '@nestjs/common';
import { AdminApiController } from './admin.api.controller.js';
import { AdminModule } from './admin.module.js';

/** The admin API door; imported by the HTTP process only. */
@Module({ imports: [AdminModule], controllers: [AdminApiController] })
export class AdminHttpModule {}
