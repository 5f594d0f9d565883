import { connect, type Socket } from 'node:net';

/**
 * One HTTP/1.1 connection driven byte by byte, for tests that care what happens to a socket: keep-alive
 * connections left idle, requests half-sent when a signal arrives, resets. Responses are parsed just enough:
 * status, headers, and a body framed by Content-Length or by the connection closing.
 */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class RawHttpConnection {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private failure: NodeJS.ErrnoException | undefined;
  private waiters: Array<() => void> = [];
  /** Resolves when the socket is closed, by either side. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure = error;
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      this.ended = true;
      this.wake();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawHttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('connect', () => resolve(new RawHttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** The error the socket failed with (ECONNRESET, EPIPE…), if any. */
  get error(): NodeJS.ErrnoException | undefined {
    return this.failure;
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  write(data: string): void {
    this.socket.write(data);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Reads the next response; rejects with the socket's error if it fails or closes first. */
  async response(): Promise<RawResponse> {
    for (;;) {
      const parsed = this.tryParse();
      if (parsed) return parsed;
      if (this.failure) throw this.failure;
      if (this.ended)
        throw Object.assign(new Error('The connection closed before a full response'), { code: 'ECLOSED' });
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private tryParse(): RawResponse | undefined {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const [statusLine = '', ...lines] = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
    let bodyEnd: number;
    if (length !== undefined) {
      if (this.buffer.length < bodyStart + length) return undefined;
      bodyEnd = bodyStart + length;
    } else if (headers['transfer-encoding']?.includes('chunked')) {
      const terminator = this.buffer.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
      if (terminator < 0) return undefined;
      bodyEnd = terminator + 7;
    } else {
      if (!this.ended) return undefined;
      bodyEnd = this.buffer.length;
    }
    const body = this.buffer.subarray(bodyStart, bodyEnd).toString('utf8');
    this.buffer = this.buffer.subarray(bodyEnd);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The bytes of a request; `keepAlive` false adds Connection: close. */
export function rawRequest(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; json?: unknown; keepAlive?: boolean } = {},
): string {
  const body = options.json === undefined ? '' : JSON.stringify(options.json);
  const headers: Record<string, string> = {
    host: '127.0.0.1',
    connection: options.keepAlive === false ? 'close' : 'keep-alive',
    ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...options.headers,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `${method} ${path} HTTP/1.1\r\n${head}\r\n${body}`;
}
