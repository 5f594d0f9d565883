import { Module } from '@nestjs/common';
import { PagesWebController } from './pages.web.controller.js';

@Module({ controllers: [PagesWebController] })
export class PagesModule {}
