import { Module } from '@nestjs/common';
import { SettingsService } from './settings.service.js';
import { TrainersService } from './trainers.service.js';

/** The trainers core: the profile and settings rules. */
@Module({
  providers: [TrainersService, SettingsService],
  exports: [TrainersService, SettingsService],
})
export class TrainersModule {}
