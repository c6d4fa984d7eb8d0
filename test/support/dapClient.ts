import { connect, type Socket } from 'node:net';

/** A Debug Adapter Protocol message as it travels on the wire. */
export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  arguments?: unknown;
  body?: any;
}

export interface DapConnectOptions {
  host?: string;
  /** How long to keep retrying while the debug server is still starting. */
  timeoutMs?: number;
}

const HEADER_END = '\r\n\r\n';

/**
 * A minimal Debug Adapter Protocol client over TCP, for tests and tools that drive debugpy, Delve or another
 * adapter directly: requests with their responses, and events kept until someone waits for them.
 */
export class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { resolve: (m: DapMessage) => void; reject: (e: Error) => void }>();
  private readonly events: DapMessage[] = [];
  private readonly waiters: { match: (m: DapMessage) => boolean; resolve: (m: DapMessage) => void }[] = [];
  private closedError?: Error;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => this.fail(new Error('the debug adapter closed the connection')));
    socket.on('error', (error) => this.fail(error));
  }

  /** Connects to an adapter on host:port, retrying until it listens or timeoutMs (10 s by default) passes. */
  static async connect(port: number, options: DapConnectOptions = {}): Promise<DapClient> {
    const host = options.host ?? '127.0.0.1';
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect({ host, port, noDelay: true }, () => resolve(s));
          s.once('error', reject);
        });
        return new DapClient(socket);
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`no debug adapter answered on ${host}:${port}: ${(error as Error).message}`, {
            cause: error,
          });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Sends a request; resolves with its response, rejects when the adapter reports failure or timeoutMs passes. */
  request(command: string, args?: unknown, timeoutMs = 30_000): Promise<DapMessage> {
    if (this.closedError) return Promise.reject(this.closedError);
    const seq = this.seq++;
    this.send({ seq, type: 'request', command, arguments: args });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new Error(`no response to '${command}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.success) resolve(m);
          else
            reject(new Error(`'${command}' failed: ${m.message ?? 'no reason given'} ${JSON.stringify(m.body ?? {})}`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** The first event named `event` (and matching `match`) not yet taken, whether it came before or comes later. */
  waitForEvent(event: string, timeoutMs = 30_000, match: (body: any) => boolean = () => true): Promise<DapMessage> {
    const test = (m: DapMessage): boolean => m.event === event && match(m.body);
    const index = this.events.findIndex(test);
    if (index >= 0) return Promise.resolve(this.events.splice(index, 1)[0]);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: test,
        resolve: (m: DapMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private send(message: Omit<DapMessage, 'seq'> & { seq: number }): void {
    const json = Buffer.from(JSON.stringify(message), 'utf8');
    this.socket.write(`Content-Length: ${json.length}${HEADER_END}`);
    this.socket.write(json);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const length = /Content-Length:\s*(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!length) return this.fail(new Error('a DAP message arrived without Content-Length'));
      const start = headerEnd + HEADER_END.length;
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as DapMessage;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message);
    }
  }

  private dispatch(message: DapMessage): void {
    if (message.type === 'response' && message.request_seq !== undefined) {
      const pending = this.pending.get(message.request_seq);
      this.pending.delete(message.request_seq);
      pending?.resolve(message);
    } else if (message.type === 'event') {
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      } else {
        this.events.push(message);
      }
    } else if (message.type === 'request') {
      // Reverse requests (runInTerminal, startDebugging) are not supported by this client: say so.
      this.send({
        seq: this.seq++,
        type: 'response',
        request_seq: message.seq,
        command: message.command,
        success: false,
        message: 'not supported',
      });
    }
  }

  private fail(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
