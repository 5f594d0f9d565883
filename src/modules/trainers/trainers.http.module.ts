import { Module } from '@nestjs/common';
import { SettingsWebController } from './settings.web.controller.js';
import { TrainersApiController } from './trainers.api.controller.js';
import { TrainersModule } from './trainers.module.js';

/** The trainer's profile API and the settings pages; imported by the HTTP process only. */
@Module({
  imports: [TrainersModule],
  controllers: [TrainersApiController, SettingsWebController],
})
export class TrainersHttpModule {}
