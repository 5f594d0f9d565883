import { Injectable } from '@nestjs/common';

/**
 * Whether this process is draining for a shutdown. Flipped once, at the signal (or at app.close()), and read by
 * readiness (which answers 503 from then on, so a load balancer stops sending traffic) and by the HTTP layer
 * (which closes each connection after its response instead of keeping it alive).
 */
@Injectable()
export class ShutdownState {
  private drainingSince: number | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  markDraining(): void {
    this.drainingSince ??= Date.now();
  }
}
