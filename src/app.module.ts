import { Module } from '@nestjs/common';
import { CoreModule } from './core.module.js';
import { ViewsModule } from './common/views/views.module.js';
import { HealthHttpModule } from './modules/health/health.http.module.js';
import { PagesHttpModule } from './modules/pages/pages.http.module.js';
import { AuthHttpModule } from './modules/auth/auth.http.module.js';
import { TrainersHttpModule } from './modules/trainers/trainers.http.module.js';
import { ClientsHttpModule } from './modules/clients/clients.http.module.js';
import { AvailabilityHttpModule } from './modules/availability/availability.http.module.js';
import { AdminHttpModule } from './modules/admin/admin.http.module.js';
import { BookingsHttpModule } from './modules/bookings/bookings.http.module.js';
import { PackagesHttpModule } from './modules/packages/packages.http.module.js';
import { PaymentsHttpModule } from './modules/payments/payments.http.module.js';
import { NotificationsHttpModule } from './modules/notifications/notifications.http.module.js';
import { DashboardHttpModule } from './modules/dashboard/dashboard.http.module.js';
import { AnalyticsHttpModule } from './modules/analytics/analytics.http.module.js';

/** The HTTP process: the shared core, the views engine, and every feature's HTTP part (web pages and /api/v1). */
@Module({
  imports: [
    CoreModule,
    ViewsModule,
    HealthHttpModule,
    AuthHttpModule,
    TrainersHttpModule,
    ClientsHttpModule,
    PackagesHttpModule,
    PaymentsHttpModule,
    AvailabilityHttpModule,
    AdminHttpModule,
    BookingsHttpModule,
    NotificationsHttpModule,
    DashboardHttpModule,
    AnalyticsHttpModule,
    PagesHttpModule,
  ],
})
export class AppModule {}
