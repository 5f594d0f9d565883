import { Module } from '@nestjs/common';
import { SettingsWebController } from './settings.web.controller.js';
import { TrainersApiController } from './trainers.api.controller.js';
import { TrainersService } from './trainers.service.js';

@Module({
  controllers: [TrainersApiController, SettingsWebController],
  providers: [TrainersService],
  exports: [TrainersService],
})
export class TrainersModule {}
