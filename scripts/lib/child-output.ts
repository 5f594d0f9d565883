import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Level labels of pino-pretty lines and pino's numeric JSON levels that always reach the terminal. */
const LOUD_PRETTY = /^\S*\s*(?:\[[^\]]*\]\s+)?(WARN|ERROR|FATAL)\b/;
const LOUD_JSON = /"level":\s*(4\d|5\d|6\d)\b/;
// eslint-disable-next-line no-control-regex -- colour codes are exactly what is being removed
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The web and worker output while `npm start` is starting up: about 150 lines of route mappings and module
 * initialisation that would bury the banner. Until `open()`, ordinary lines go to `.data/startup.log` only;
 * warnings, errors and anything on stderr reach the terminal at once. After `open()` everything is live, so the
 * banner is the last thing on screen when start-up is done and the request logs follow it.
 */
export class ChildOutput {
  private live = false;
  private readonly held: WriteStream;
  private readonly recent: string[] = [];
  private readonly watchers: { pattern: RegExp; resolve: () => void }[] = [];

  constructor(
    readonly startupLog: string,
    /** Production keeps the plain JSON stream: no holding back, nothing rewritten. */
    private readonly holdUntilReady: boolean,
  ) {
    this.held = createWriteStream(startupLog, { flags: 'w' });
    this.held.on('error', () => undefined); // a convenience file; never fail a start over it
    this.live = !holdUntilReady;
    if (this.live) this.held.end();
  }

  attach(name: string, stdout: Readable | null, stderr: Readable | null): void {
    if (stdout)
      createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (line) => this.line(name, line, false));
    if (stderr)
      createInterface({ input: stderr, crlfDelay: Infinity }).on('line', (line) => this.line(name, line, true));
  }

  /** Resolves when a line matching `pattern` has been seen (used for "the worker has started"). */
  waitFor(pattern: RegExp): Promise<void> {
    return new Promise((resolve) => this.watchers.push({ pattern, resolve }));
  }

  /** From now on every line goes to the terminal as it comes. */
  open(): void {
    if (this.live) return;
    this.live = true;
    this.held.end();
  }

  /** The last lines held back, for a start that failed. */
  tail(count = 15): string[] {
    return this.recent.slice(-count);
  }

  private line(name: string, line: string, isStderr: boolean): void {
    const plain = line.replace(ANSI, '');
    for (const watcher of [...this.watchers]) {
      if (watcher.pattern.test(plain)) {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
    if (this.live) {
      (isStderr ? process.stderr : process.stdout).write(`${line}\n`);
      return;
    }
    this.held.write(`[${name}] ${plain}\n`);
    this.recent.push(`[${name}] ${plain}`);
    if (this.recent.length > 50) this.recent.shift();
    if (isStderr || LOUD_PRETTY.test(plain) || LOUD_JSON.test(plain)) process.stderr.write(`${line}\n`);
  }
}
