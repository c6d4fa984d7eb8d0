import { connect, type Socket } from 'node:net';

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

interface Pending {
  resolve: (response: HttpResponse) => void;
  reject: (error: Error) => void;
}

/**
 * One kept-alive HTTP/1.1 connection to the Runtime API, one request at a time. The Runtime API is a tiny
 * protocol, and node:http costs a cold start several milliseconds to load; this costs nothing beyond node:net.
 * The socket is unref'd between requests so it never keeps the event loop alive on its own (the callback
 * handlers' "wait for an empty event loop" depends on it).
 */
export class HttpConnection {
  private socket?: Socket;
  private received: Buffer = Buffer.alloc(0);
  private pending?: Pending;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /**
   * Opens the connection ahead of the first request: the handshake, and the Runtime API's check of whose
   * connection it is, then overlap the handler's loading instead of adding to a cold start.
   */
  open(): void {
    this.connection();
  }

  request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    if (this.pending) return Promise.reject(new Error('a Runtime API request is already in flight'));
    const socket = this.connection();
    const payload = body === undefined ? undefined : Buffer.from(body);
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${this.host}:${this.port}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    if (payload) lines.push('Content-Type: application/json', `Content-Length: ${payload.length}`);
    return new Promise<HttpResponse>((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.ref();
      // One write per request: with Nagle off, a separate body write would be a packet (and a wakeup) of its own.
      const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n');
      socket.write(payload ? Buffer.concat([head, payload]) : head);
    });
  }

  private connection(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    // Only a request in flight keeps the event loop alive.
    if (!this.pending) socket.unref();
    socket.on('data', (chunk: Buffer) => {
      this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
      this.parse();
    });
    const fail = (error: Error) => {
      if (this.socket === socket) this.socket = undefined;
      this.received = Buffer.alloc(0);
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the Runtime API closed the connection')));
    this.socket = socket;
    return socket;
  }

  /** Completes the pending request once a whole response (Content-Length or chunked body) has arrived. */
  private parse(): void {
    const end = this.received.indexOf('\r\n\r\n');
    if (end < 0 || !this.pending) return;
    const [statusLine, ...headerLines] = this.received.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const rest = this.received.subarray(end + 4);
    const body = headers['transfer-encoding']?.includes('chunked')
      ? dechunk(rest)
      : fixedLength(rest, Number(headers['content-length'] ?? 0));
    if (!body) return;
    this.received = body.remainder;
    const pending = this.pending;
    this.pending = undefined;
    this.socket?.unref();
    pending.resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body.data });
  }
}

function fixedLength(data: Buffer, length: number): { data: Buffer; remainder: Buffer } | undefined {
  return data.length < length ? undefined : { data: data.subarray(0, length), remainder: data.subarray(length) };
}

function dechunk(data: Buffer): { data: Buffer; remainder: Buffer } | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    const start = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = data.indexOf('\r\n', start);
      return trailerEnd < 0 ? undefined : { data: Buffer.concat(parts), remainder: data.subarray(trailerEnd + 2) };
    }
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
}
