import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/processes.js';
import type { LoadRequest, LoadResult } from './load-types.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'autocannon-child.js');

/** Runs one bounded autocannon load in a child process and returns its summary. */
export async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'th-bench-load-'));
  const file = join(dir, 'request.json');
  writeFileSync(file, JSON.stringify(request));
  try {
    const child = startChild('autocannon', [CHILD, file], {});
    // The child stops itself after the duration; the timer is only a backstop against a hung child.
    const backstop = setTimeout(() => void child.stop(1_000), (request.durationSeconds + 30) * 1000);
    const code = await child.exited;
    clearTimeout(backstop);
    const line = child
      .output()
      .split('\n')
      .reverse()
      .find((candidate) => candidate.startsWith('{"requestsPerSecond"'));
    if (code !== 0 || !line) throw new Error(`autocannon child failed (exit ${code}):\n${child.output().slice(-2000)}`);
    return JSON.parse(line) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
