import { Module } from '@nestjs/common';
import { DashboardModule } from './dashboard.module.js';
import { DashboardWebController } from './dashboard.web.controller.js';

/** The dashboard page and its sections; imported by the HTTP process only. */
@Module({ imports: [DashboardModule], controllers: [DashboardWebController] })
export class DashboardHttpModule {}
