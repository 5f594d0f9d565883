import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Env } from '../../config/env.schema.js';
import { clearCookie, cookieNames, cookieOptions, readCookie } from '../http/cookies.js';
import type { FlashMessage } from '../http/web-request.js';

const FLASH_MAX_CHARS = 300;
const FLASH_TTL_SECONDS = 60;

/** The first `max` code points of a text, so a cut never splits an emoji or a surrogate pair in half. */
function firstCodePoints(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, max).join('');
}

/**
 * A message shown on the next page, surviving a Post/Redirect/Get. The cookie carries base64url of UTF-8 JSON,
 * so names in any script stay ASCII in Set-Cookie and come back exactly.
 */
@Injectable()
export class FlashService {
  private readonly production: boolean;
  private readonly cookie: string;

  constructor(config: ConfigService<Env, true>) {
    this.production = config.get('NODE_ENV', { infer: true }) === 'production';
    this.cookie = cookieNames(this.production).flash;
  }

  set(reply: FastifyReply, flash: FlashMessage): void {
    const message = firstCodePoints(flash.message, FLASH_MAX_CHARS);
    const value = Buffer.from(JSON.stringify({ kind: flash.kind, message })).toString('base64url');
    void reply.setCookie(this.cookie, value, cookieOptions(this.production, FLASH_TTL_SECONDS));
  }

  /** Reads and clears the pending message, if any; a tampered cookie is ignored. */
  take(req: FastifyRequest, reply: FastifyReply): FlashMessage | undefined {
    const raw = readCookie(req, this.cookie);
    if (!raw) return undefined;
    clearCookie(reply, this.cookie, this.production);
    try {
      const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<FlashMessage>;
      const kind = parsed.kind === 'error' || parsed.kind === 'info' ? parsed.kind : 'success';
      return typeof parsed.message === 'string'
        ? { kind, message: firstCodePoints(parsed.message, FLASH_MAX_CHARS) }
        : undefined;
    } catch {
      return undefined;
    }
  }
}
