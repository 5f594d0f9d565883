import { Module } from '@nestjs/common';
import { PagesModule } from './pages.module.js';
import { PagesWebController } from './pages.web.controller.js';

/** The landing and placeholder pages; imported by the HTTP process only. */
@Module({ imports: [PagesModule], controllers: [PagesWebController] })
export class PagesHttpModule {}
