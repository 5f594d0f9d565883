import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Cookie names and attributes. In production the __Host- prefix pins cookies to this exact host over HTTPS;
 * in development plain names are used because browsers refuse __Host- cookies on http://localhost.
 */
export interface CookieNames {
  session: string;
  csrf: string;
  flash: string;
}

export function cookieNames(production: boolean): CookieNames {
  const prefix = production ? '__Host-' : '';
  return { session: `${prefix}th_session`, csrf: `${prefix}th_csrf`, flash: `${prefix}th_flash` };
}

export function cookieOptions(production: boolean, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: production,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  return req.cookies?.[name];
}

export function clearCookie(reply: FastifyReply, name: string, production: boolean): void {
  void reply.clearCookie(name, cookieOptions(production));
}
