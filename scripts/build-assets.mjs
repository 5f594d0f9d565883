// Builds public/: the Tailwind stylesheet and the app's own browser scripts. Run on install and before start.
// Plain .mjs so it can run before TypeScript is compiled.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const publicDir = join(root, 'public');
const cli = join(root, 'node_modules', '@tailwindcss', 'cli', 'dist', 'index.mjs');

mkdirSync(publicDir, { recursive: true });
if (!existsSync(cli)) {
  console.warn('build-assets: @tailwindcss/cli is not installed yet; skipping CSS');
} else {
  execFileSync(
    process.execPath,
    [cli, '-i', join(root, 'views', 'styles', 'app.css'), '-o', join(publicDir, 'app.css'), '--minify'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
cpSync(join(root, 'src', 'assets'), join(publicDir, 'js'), {
  recursive: true,
  filter: (path) => !path.endsWith('.svg'),
});
// The icon sprite sits at /assets/icons.svg, the URL views/partials/shared/icon.hbs points at.
cpSync(join(root, 'src', 'assets', 'icons.svg'), join(publicDir, 'icons.svg'));
