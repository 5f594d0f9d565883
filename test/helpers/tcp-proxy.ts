import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy for fault tests: put it between the app and PostgreSQL or Redis, then `cut()` to
 * simulate an outage (every open connection is destroyed and new ones are refused at once, as when the
 * server is down) and `restore()` to bring the service back. Loopback only: it listens on 127.0.0.1 and
 * forwards to the target you name.
 *
 *   const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 *   process.env.DATABASE_URL = proxy.rewrite(process.env.DATABASE_URL!);   // same URL, the proxy's port
 *   proxy.cut(); ... proxy.restore(); ... await proxy.close();
 */
export interface TcpProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** True between cut() and restore(). */
  readonly isCut: boolean;
  /** Connections accepted and forwarded so far (refused ones are not counted). */
  readonly accepted: number;
  /** A copy of `url` (postgres://, redis://, …) pointing at the proxy instead of its own host and port. */
  rewrite(url: string): string;
  /** Destroys every open connection (both sides) and refuses new ones until restore(). */
  cut(): void;
  /** Accepts and forwards new connections again. */
  restore(): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

export interface TcpTarget {
  host: string;
  port: number;
}

/** The host and port a service URL points at (defaults: PostgreSQL 5432, Redis 6379). */
export function targetOf(url: string): TcpTarget {
  const parsed = new URL(url);
  const fallback = parsed.protocol.startsWith('redis') ? 6379 : 5432;
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || fallback) };
}

export async function startTcpProxy(target: TcpTarget): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cut = false;
  let accepted = 0;

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A destroyed peer surfaces as ECONNRESET/EPIPE here; that is the point of a cut, not a test failure.
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer((client) => {
    track(client);
    if (cut) {
      // Refusal as a client sees it: the connection closes before a byte arrives.
      client.resetAndDestroy();
      return;
    }
    accepted += 1;
    const upstream = createConnection(target);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The TCP proxy has no port');

  return {
    port: address.port,
    get isCut() {
      return cut;
    },
    get accepted() {
      return accepted;
    },
    rewrite(url: string): string {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(address.port);
      return parsed.toString();
    },
    cut(): void {
      cut = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore(): void {
      cut = false;
    },
    async close(): Promise<void> {
      cut = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
