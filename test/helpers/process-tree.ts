import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it: enough to find what a test started and to prove it is gone. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(ppid), state, command };
  } catch {
    return undefined; // exited between listing and reading
  }
}

export function listProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcess(Number(entry)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** Every process below `rootPid` (not including it), found through parent links. */
export function descendantsOf(rootPid: number): ProcessInfo[] {
  const all = listProcesses();
  const found: ProcessInfo[] = [];
  const frontier = [rootPid];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const info of all) {
      if (info.ppid === parent) {
        found.push(info);
        frontier.push(info.pid);
      }
    }
  }
  return found;
}

/** `rootPid` itself and every process below it. */
export function treeOf(rootPid: number): ProcessInfo[] {
  const self = readProcess(rootPid);
  return [...(self ? [self] : []), ...descendantsOf(rootPid)];
}

/** Running or sleeping; a zombie (exited, not yet reaped by whoever adopted it) counts as gone. */
export function isRunning(pid: number): boolean {
  const info = readProcess(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

/** Polls until none of `pids` runs; returns the ones still running after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = pids.filter(isRunning);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Test clean-up: kills exactly these PIDs (never by name). */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
