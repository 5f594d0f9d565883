import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';

/** What `npm start` needs of a checkout once it is installed and built. */
const RUNTIME_ENTRIES = ['package.json', 'dist', 'views', 'public', 'migrations'];

export interface PrivateCheckout {
  /** The 0700 directory (like root's home) that holds the checkout. */
  parent: string;
  root: string;
  remove(): void;
}

/**
 * A built checkout inside a fresh 0700 directory, as a clone into root's home would be. node_modules is
 * hard-linked (instant, and its real path is inside the private directory, as after `npm install` there);
 * where hard links cannot be made it falls back to a symlink.
 */
export function makePrivateCheckout(): PrivateCheckout {
  for (const entry of ['dist/scripts/start.js', 'dist/src/main.js', 'dist/src/worker.js', 'public']) {
    if (!existsSync(join(PROJECT_ROOT, entry))) {
      execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore', timeout: 180_000 });
      break;
    }
  }
  const parent = mkdtempSync(join(tmpdir(), 'trainerhub-private-')); // mkdtemp makes it 0700
  const root = join(parent, 'trainerhub');
  for (const entry of RUNTIME_ENTRIES) cpSync(join(PROJECT_ROOT, entry), join(root, entry), { recursive: true });
  try {
    execFileSync('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules')], { stdio: 'ignore' });
  } catch {
    rmSync(join(root, 'node_modules'), { recursive: true, force: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'));
  }
  return { parent, root, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
