import { Module } from '@nestjs/common';
import { DashboardRepository } from './dashboard.repository.js';
import { DashboardService } from './dashboard.service.js';

/** The dashboard core: its read models over bookings, clients, credits, payments and the revenue rollups. */
@Module({
  providers: [DashboardService, DashboardRepository],
  exports: [DashboardService],
})
export class DashboardModule {}
