import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { decodeMimeWords } from './smtp-sink.js';

/** What a process test needs of a received message: who it went to, what it says it is, and its id. */
export interface GatedMessage {
  to: string[];
  /** Decoded (RFC 2047 words turned back into "Siobhán"). */
  subject: string;
  messageId: string | undefined;
}

interface Held {
  address: string;
  session: string;
  release: () => void;
}

function headerOf(raw: string, name: string): string | undefined {
  const head = raw.slice(0, Math.max(0, raw.indexOf('\r\n\r\n'))).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((entry) => entry.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/**
 * A real SMTP server on 127.0.0.1 that can hold its answer to RCPT TO for chosen recipients. The sender is then
 * mid-send (connected, envelope half given, no message body yet), the moment a process test kills or stops it.
 * A held connection that drops is forgotten: nothing of that message reached the server, so nothing is delivered
 * and a later retry is the only copy. `release()` answers every held RCPT and stops holding.
 */
export class GatedSmtpSink {
  readonly messages: GatedMessage[] = [];
  private gate: ((address: string) => boolean) | null = null;
  private held: Held[] = [];
  private port = 0;
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        if (!this.gate?.(address.address)) return callback();
        this.held.push({ address: address.address, session: session.id, release: () => callback() });
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.messages.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: decodeMimeWords(headerOf(raw, 'subject') ?? ''),
            messageId: headerOf(raw, 'message-id'),
          });
          callback(null);
        });
      },
      onClose: (session: SMTPServerSession) => {
        this.held = this.held.filter((entry) => entry.session !== session.id);
      },
    });
  }

  static async start(): Promise<GatedSmtpSink> {
    const sink = new GatedSmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = sink.server.server.address();
    if (!address || typeof address === 'string') throw new Error('The SMTP sink has no TCP address');
    sink.port = address.port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Holds RCPT TO for every recipient that matches, until release(). */
  hold(match: (address: string) => boolean): void {
    this.gate = match;
  }

  /** Senders waiting on a held RCPT TO for this address right now (their connection still open). */
  heldFor(address: string): number {
    return this.held.filter((entry) => entry.address === address).length;
  }

  release(): void {
    this.gate = null;
    const held = this.held;
    this.held = [];
    for (const entry of held) entry.release();
  }

  to(address: string): GatedMessage[] {
    return this.messages.filter((message) => message.to.includes(address));
  }

  close(): Promise<void> {
    this.release();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
