import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Fills req.shell (who is signed in, the CSRF token, the nav) for one request. */
export type ShellLoader = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * The layout's context for requests no guard has seen: an unknown URL goes straight to the error filter, yet its
 * 404 page must show a signed-in trainer their own app shell. The web door's auth service registers the loader
 * at boot, so this ground-floor code never imports a module.
 */
@Injectable()
export class WebShell {
  private loader?: ShellLoader;

  use(loader: ShellLoader): void {
    this.loader = loader;
  }

  /** Loads the shell unless a guard already did. */
  async ensure(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (req.shell || !this.loader) return;
    await this.loader(req, reply);
  }
}
