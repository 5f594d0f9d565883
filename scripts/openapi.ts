import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.factory.js';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { buildOpenApiDocument } from '../src/openapi.js';

/**
 * Writes (--write) or checks (--check) the committed contract test/contract/openapi.json. CI runs --check so
 * an API change without its contract update fails loudly.
 */
const CONTRACT = join(PROJECT_ROOT, 'test', 'contract', 'openapi.json');

export async function renderOpenApi(): Promise<string> {
  const app = await createApp({ logger: false });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const current = await renderOpenApi();
  if (mode === '--write') {
    writeFileSync(CONTRACT, current);
    console.log(`Wrote ${CONTRACT}`);
    return;
  }
  const committed = readFileSync(CONTRACT, 'utf8');
  if (committed !== current) {
    console.error('test/contract/openapi.json is out of date. Run `npm run openapi:update` and commit the result.');
    process.exit(1);
  }
  console.log('OpenAPI contract is up to date.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
