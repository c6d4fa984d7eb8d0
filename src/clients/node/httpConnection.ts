export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Where a connection's bytes go and come from: a TCP socket (socketChannel.ts) or an inherited descriptor. */
export interface ByteChannel {
  /** Makes the connection ahead of the first request, where there is one to make. */
  open(): void;
  /** Sends all of `data`. */
  write(data: Buffer): void;
  /**
   * The next bytes to arrive; rejects when the channel closes or fails. Only a read in progress keeps the process
   * alive: the callback handlers' "wait for an empty event loop" depends on it.
   */
  read(): Promise<Buffer>;
  /** Said between two requests once the first invocation is answered: the channel may change how it carries them. */
  warm?(): void;
}

/**
 * One kept-alive HTTP/1.1 connection to the Runtime API, one request at a time. The Runtime API is a tiny
 * protocol, and node:http costs a cold start several milliseconds to load: the few lines of HTTP it needs are
 * written and read here.
 */
export class HttpConnection {
  /** What has arrived and is not yet part of a response, in the pieces it came in. */
  private pieces: Buffer[] = [];
  private size = 0;
  /** How many bytes the response in progress has in all, once its head says so: nothing to parse before then. */
  private expected = 0;
  private busy = false;

  constructor(
    private readonly channel: ByteChannel,
    /** `host:port` of the Runtime API, for the Host header it checks. */
    private readonly host: string,
  ) {}

  /**
   * Connects ahead of the first request: the handshake, and the Runtime API's check of whose connection it is, then
   * overlap the handler's loading instead of adding to a cold start.
   */
  open(): void {
    this.channel.open();
  }

  /** See ByteChannel.warm. */
  warm(): void {
    this.channel.warm?.();
  }

  async request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    if (this.busy) throw new Error('a Runtime API request is already in flight');
    this.busy = true;
    try {
      const payload = body === undefined ? undefined : Buffer.from(body);
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${this.host}`];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      if (payload) lines.push('Content-Type: application/json', `Content-Length: ${payload.length}`);
      // One write per request: with Nagle off, a separate body write would be a packet (and a wakeup) of its own.
      const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n');
      this.channel.write(payload ? Buffer.concat([head, payload]) : head);
      for (;;) {
        const response = this.parse();
        if (response) return response;
        const piece = await this.channel.read();
        this.pieces.push(piece);
        this.size += piece.length;
      }
    } catch (error) {
      this.pieces = [];
      this.size = this.expected = 0;
      throw error;
    } finally {
      this.busy = false;
    }
  }

  /**
   * The response, once all of it (Content-Length or chunked body) has arrived. The pieces are joined only when the
   * head is still missing or the body is complete: a 6 MB event read 64 KB at a time is copied once, not per piece.
   */
  private parse(): HttpResponse | undefined {
    if (this.size === 0 || this.size < this.expected) return undefined;
    const data = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.size);
    this.pieces = [data];
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const rest = data.subarray(end + 4);
    let body: { data: Buffer; remainder: Buffer } | undefined;
    if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(rest);
    else {
      const length = Number(headers['content-length'] ?? 0);
      if (rest.length < length) this.expected = end + 4 + length;
      else body = { data: rest.subarray(0, length), remainder: rest.subarray(length) };
    }
    if (!body) return undefined;
    this.expected = 0;
    this.pieces = body.remainder.length ? [body.remainder] : [];
    this.size = body.remainder.length;
    return { status: Number(statusLine.split(' ')[1]), headers, body: body.data };
  }
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
