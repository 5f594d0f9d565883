import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Env } from '../../config/env.schema.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

function tokens(secret = 'a-test-session-secret-that-is-long-enough') {
  return new UnsubscribeTokens({ get: () => secret } as unknown as ConfigService<Env, true>);
}

const subject = { trainerId: '0b6c7a4e-9f1d-4c1e-8a57-3a2b1c0d9e8f', clientId: 'f0e1d2c3-b4a5-4968-8776-655443322110' };

describe(UnsubscribeTokens.name, () => {
  it('verifies its own tokens back to the trainer and client', () => {
    const signer = tokens();
    const token = signer.sign(subject);
    expect(token).toMatch(/^[A-Za-z0-9_-]{66}$/);
    expect(signer.verify(token)).toEqual(subject);
  });

  it('refuses a token signed with another secret', () => {
    expect(tokens().verify(tokens('another-secret-that-is-long-enough-too').sign(subject))).toBeNull();
  });

  it('refuses a token with any byte changed', () => {
    const signer = tokens();
    const bytes = Buffer.from(signer.sign(subject), 'base64url');
    for (let i = 0; i < bytes.length; i += 1) {
      const forged = Buffer.from(bytes);
      forged[i] = (forged[i] ?? 0) ^ 1;
      expect(signer.verify(forged.toString('base64url'))).toBeNull();
    }
  });

  it('refuses every other spelling of the same bytes (the unused low bits of the last character)', () => {
    const signer = tokens();
    const token = signer.sign(subject);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const others = [...alphabet].map((last) => token.slice(0, -1) + last).filter((spelling) => spelling !== token);
    const accepted = others.filter((spelling) => signer.verify(spelling) !== null);
    expect(accepted).toEqual([]);
  });

  it.each([undefined, '', 'x', 'a'.repeat(66), 'a'.repeat(500), '../../etc/passwd', 42])('refuses %p', (value) => {
    expect(tokens().verify(value)).toBeNull();
  });
});
