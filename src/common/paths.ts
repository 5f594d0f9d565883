import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file whether it runs from src/ (tests) or dist/src/ (build). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');
export const NODE_MODULES_DIR = join(PROJECT_ROOT, 'node_modules');
