import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, createSecretKey, hkdfSync, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { Env } from '../../config/env.schema.js';

/** Who a one-click unsubscribe link is for: the client, within the trainer that wrote to them. */
export interface UnsubscribeSubject {
  trainerId: string;
  clientId: string;
}

const VERSION = 1;
const MAC_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{66}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) throw new Error(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Signed, stateless unsubscribe tokens: version, trainer id and client id, then a truncated HMAC-SHA256 (128 bits),
 * base64url (66 characters). The link is the client's only credential, so it never expires: an old email's link
 * must still work. The key is derived from SESSION_SECRET with HKDF under its own label, so it is not the session
 * key itself and needs no secret of its own to deploy.
 */
@Injectable()
export class UnsubscribeTokens {
  /** A KeyObject, made once: handing HMAC the raw bytes makes Node copy them into a new key on every email. */
  private readonly key: KeyObject;

  constructor(config: ConfigService<Env, true>) {
    this.key = createSecretKey(UnsubscribeTokens.deriveKey(config.get('SESSION_SECRET', { infer: true })));
  }

  static deriveKey(secret: string): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, 'trainerhub', 'unsubscribe-link-v1', 32));
  }

  sign(subject: UnsubscribeSubject): string {
    const payload = Buffer.concat([Buffer.of(VERSION), uuidBytes(subject.trainerId), uuidBytes(subject.clientId)]);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** The subject of a genuine token; null for anything else (wrong shape, version or signature). */
  verify(token: unknown): UnsubscribeSubject | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== 33 + MAC_BYTES || bytes[0] !== VERSION) return null;
    // 49 bytes leave 4 unused bits in the last character: only the canonical spelling is the token, so a link
    // with those bits flipped is refused rather than accepted as the same credential.
    if (bytes.toString('base64url') !== token) return null;
    const payload = bytes.subarray(0, 33);
    if (!timingSafeEqual(bytes.subarray(33), this.mac(payload))) return null;
    return { trainerId: bytesToUuid(payload.subarray(1, 17)), clientId: bytesToUuid(payload.subarray(17, 33)) };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}
