import type { Actor } from '../actor.js';

export interface FlashMessage {
  kind: 'success' | 'error' | 'info';
  message: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for signed-in web requests by WebAuthGuard and for API requests by the JWT guard. */
    actor?: Actor;
    /** Handle of the browser session making this request, if any. */
    webSessionHandle?: string;
  }
}
