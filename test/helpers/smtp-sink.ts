import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One MIME part, its body decoded (quoted-printable or base64) to text. */
export interface SinkPart {
  contentType: string;
  headers: Record<string, string>;
  body: string;
}

/** A message as the SMTP server received it: the raw bytes and a few readings of them. */
export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
  /** The raw header block, exactly as sent (folded lines and all). */
  rawHeaders: string;
  /** A header's value, unfolded, still encoded (RFC 2047 words stay as sent). */
  header(name: string): string | undefined;
  /** A header's value with RFC 2047 encoded words decoded ("Siobhán"). */
  decodedHeader(name: string): string | undefined;
  /** Leaf parts of the MIME tree, in order. */
  parts: SinkPart[];
  part(contentType: string): SinkPart | undefined;
}

function splitHead(entity: string): { head: string; body: string } {
  const at = entity.indexOf('\r\n\r\n');
  return at === -1 ? { head: entity, body: '' } : { head: entity.slice(0, at), body: entity.slice(at + 4) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function quotedPrintableBytes(text: string): Buffer {
  const soft = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined): string {
  const kind = (encoding ?? '7bit').toLowerCase();
  if (kind === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (kind === 'quoted-printable') return quotedPrintableBytes(body).toString('utf8');
  return body;
}

function leafParts(entity: string): SinkPart[] {
  const { head, body } = splitHead(entity);
  const headers = parseHeaders(head);
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections
      .filter((section) => !section.startsWith('--'))
      .flatMap((section) => leafParts(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  }
  return [
    { contentType: contentType.toLowerCase(), headers, body: decodeBody(body, headers['content-transfer-encoding']) },
  ];
}

/** Decodes RFC 2047 words, joining adjacent ones' bytes first so a character split across two words survives. */
export function decodeMimeWords(value: string): string {
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  return joined.replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => {
    const bytes: Buffer[] = [];
    for (const [, , kind, text] of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      if (kind?.toUpperCase() === 'B') bytes.push(Buffer.from(text ?? '', 'base64'));
      else bytes.push(quotedPrintableBytes((text ?? '').replace(/_/g, ' ')));
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

function toMessage(raw: string, session: SMTPServerSession): SinkMessage {
  const { head } = splitHead(raw);
  const headers = parseHeaders(head);
  const parts = leafParts(raw);
  const mailFrom = session.envelope.mailFrom;
  return {
    from: mailFrom ? mailFrom.address : '',
    to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
    raw,
    rawHeaders: head,
    header: (name) => headers[name.toLowerCase()],
    decodedHeader: (name) => {
      const value = headers[name.toLowerCase()];
      return value === undefined ? undefined : decodeMimeWords(value);
    },
    parts,
    part: (contentType) => parts.find((part) => part.contentType.startsWith(contentType.toLowerCase())),
  };
}

/**
 * A real SMTP server on 127.0.0.1 and a random port, keeping what it receives in memory. `refuseWith(451)` makes it
 * answer the message with that code until told otherwise, for the transient/permanent paths. A message is in
 * `messages` before the server says 250, so a test can look as soon as the send resolves: no waiting.
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  private refusal: { code: number; text: string } | null = null;
  private port = 0;

  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.refusal) {
            callback(Object.assign(new Error(this.refusal.text), { responseCode: this.refusal.code }));
            return;
          }
          this.messages.push(toMessage(Buffer.concat(chunks).toString('utf8'), session));
          callback(null);
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
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

  /** Answers every message with this code (e.g. 451 or 550) until refuseWith(null). */
  refuseWith(code: number | null, text = code && code < 500 ? 'Try again later' : 'Mailbox unavailable'): void {
    this.refusal = code === null ? null : { code, text };
  }

  clear(): void {
    this.messages.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
