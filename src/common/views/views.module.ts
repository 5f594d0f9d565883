import { Global, Module } from '@nestjs/common';
import { ViewEngine } from './view-engine.js';
import { PageRenderer } from './page-renderer.js';
import { WebErrorRenderer } from '../errors/web-error-renderer.js';
import { FlashService } from '../htmx/flash.service.js';
import { HtmxKit } from '../htmx/htmx-kit.js';

/** Rendering for the web door: templates, pages and fragments, error pages, flashes and the htmx response kit. */
@Global()
@Module({
  providers: [{ provide: ViewEngine, useFactory: () => new ViewEngine() }, PageRenderer, WebErrorRenderer, FlashService, HtmxKit],
  exports: [ViewEngine, PageRenderer, WebErrorRenderer, FlashService, HtmxKit],
})
export class ViewsModule {}
