import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createInterface } from 'node:readline/promises';
import { AccountsRepository } from '../src/modules/auth/accounts.repository.js';
import { ActorCache } from '../src/modules/auth/actor-cache.js';
import { AccountsService } from '../src/modules/auth/accounts.service.js';
import { PasswordHasher } from '../src/modules/auth/password-hasher.js';
import { loadEnv } from '../src/config/env.schema.js';
import { createOrmConfig } from '../src/database/orm-config.js';

/**
 * `npm run admin:create -- <email>`: promotes an existing user to admin, or creates a new admin. The password
 * of a new admin comes from ADMIN_PASSWORD or a prompt, never from the command line (shell history).
 */
async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question('Password for the new admin (10+ characters): ')).trim();
  } finally {
    prompt.close();
  }
}

async function main(): Promise<void> {
  const email = process.argv[2];
  if (!email) {
    console.error('Usage: npm run admin:create -- <email>');
    process.exit(2);
  }
  const orm = await MikroORM.init(createOrmConfig(loadEnv().DATABASE_URL));
  try {
    const em = orm.em.fork();
    const accounts = new AccountsService(
      em,
      new PasswordHasher(),
      new AccountsRepository(em),
      // A dark cache (never live without a listener): this script reads nothing through it.
      new ActorCache(),
    );
    const exists = await accounts.findByEmail(email);
    const password = exists ? null : await readPassword();
    const { user, created } = await accounts.createOrPromoteAdmin(email, password);
    console.log(created ? `Created admin ${user.email}.` : `Promoted ${user.email} to admin.`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
