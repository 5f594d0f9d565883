import { Global, Module } from '@nestjs/common';
import { ViewEngine } from './view-engine.js';
import { PageRenderer } from './page-renderer.js';
import { WebErrorRenderer } from '../errors/web-error-renderer.js';

@Global()
@Module({
  providers: [{ provide: ViewEngine, useFactory: () => new ViewEngine() }, PageRenderer, WebErrorRenderer],
  exports: [ViewEngine, PageRenderer, WebErrorRenderer],
})
export class ViewsModule {}
