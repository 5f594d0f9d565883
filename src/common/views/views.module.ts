import { Global, Module } from '@nestjs/common';
import { ViewEngine } from './view-engine.js';
import { PageRenderer } from './page-renderer.js';
import { WebErrorRenderer } from '../errors/web-error-renderer.js';
import { FlashService } from '../htmx/flash.service.js';
import { HtmxKit } from '../htmx/htmx-kit.js';
import { WebShell } from './web-shell.js';

/** Rendering for the web door: templates, pages and fragments, error pages, flashes and the htmx response kit. */
@Global()
@Module({
  providers: [
    { provide: ViewEngine, useFactory: () => new ViewEngine() },
    PageRenderer,
    WebErrorRenderer,
    FlashService,
    HtmxKit,
    WebShell,
  ],
  exports: [ViewEngine, PageRenderer, WebErrorRenderer, FlashService, HtmxKit, WebShell],
})
export class ViewsModule {}
