import { Module } from '@nestjs/common';
import { AdminApiController } from './admin.api.controller.js';
import { AdminService } from './admin.service.js';

@Module({ controllers: [AdminApiController], providers: [AdminService] })
export class AdminModule {}
