import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** OWASP's argon2id baseline (19 MiB, 2 passes): strong, and still ~30 ms on a small server. */
// Algorithm is an ambient const enum (not importable under isolatedModules); 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordHasher {
  /** Hash of a random string, verified against when the email is unknown so both paths cost the same. */
  private readonly dummy: Promise<string> = hash('timing-equaliser-not-a-real-password', OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    try {
      if (!passwordHash) {
        await verify(await this.dummy, password);
        return false;
      }
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
