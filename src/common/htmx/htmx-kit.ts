import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageRenderer } from '../views/page-renderer.js';
import { FlashService } from './flash.service.js';
import { HtmxResponse } from './htmx-response.js';

/** What web controllers inject to answer: `this.htmx.for(req, reply).toast('Saved.').done('/clients')`. */
@Injectable()
export class HtmxKit {
  constructor(
    private readonly pages: PageRenderer,
    private readonly flashes: FlashService,
  ) {}

  for(req: FastifyRequest, reply: FastifyReply): HtmxResponse {
    return new HtmxResponse(req, reply, this.pages, this.flashes);
  }
}
