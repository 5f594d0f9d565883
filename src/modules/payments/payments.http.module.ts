import { Module } from '@nestjs/common';
import { PaymentsApiController } from './payments.api.controller.js';
import { PaymentsModule } from './payments.module.js';
import { PaymentsWebController } from './payments.web.controller.js';

/** The payments door; imported by the HTTP process only. */
@Module({
  imports: [PaymentsModule],
  controllers: [PaymentsApiController, PaymentsWebController],
})
export class PaymentsHttpModule {}
