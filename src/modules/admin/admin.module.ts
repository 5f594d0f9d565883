import { Module } from '@nestjs/common';
import { AdminRepository } from './admin.repository.js';
import { AdminService } from './admin.service.js';

/** The admin core: the service behind the admin API. Its controller lives in admin.http.module.ts. */
@Module({ providers: [AdminService, AdminRepository], exports: [AdminService] })
export class AdminModule {}
