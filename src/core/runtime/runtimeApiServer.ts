import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkHost } from '../hostGuard';
import { Cancellation } from './cancellation';
import { runtimeHeaderValue } from './runtimeHeaders';
import { isStreamingResponse, receiveStream, type ResponseStreamSink } from './streaming/receiveStream';

/** Lambda's limit on a response posted by the runtime: 6 MB plus 100 bytes of framing, as the service counts it. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** What `GET /runtime/invocation/next` hands to the runtime. */
export interface InvocationDelivery {
  requestId: string;
  payload: Buffer;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  /** The tenant of a function with tenant isolation (Lambda-Runtime-Aws-Tenant-Id). */
  tenantId?: string;
}

/** Decides whether a connection comes from the instance's own runtime (its client port, our port). */
export type ConnectionCheck = (clientPort: number, serverPort: number) => Promise<boolean>;

/** What the server reports back to the instance that owns it. Each returns false for an unknown or answered id. */
export interface RuntimeApiHandler {
  /** The runtime asks for work: resolves when an invocation is assigned (long poll), unless `ended` first. */
  next(ended: Cancellation): Promise<InvocationDelivery>;
  response(requestId: string, body: Buffer): boolean;
  responseTooLarge(requestId: string, size: number): boolean;
  /** The runtime streams its response (response streaming): where the chunks go, or undefined for an unknown id. */
  responseStream(requestId: string, contentType: string): ResponseStreamSink | undefined;
  error(requestId: string, body: Buffer, errorType: string | undefined): boolean;
  initError(body: Buffer, errorType: string | undefined): void;
}

const PREFIX = '/2018-06-01/runtime/';

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on 127.0.0.1 and an ephemeral port.
 * Each instance gets its own server, as each Lambda sandbox has its own endpoint: a runtime client needs no
 * change to talk to it. Only that instance's processes are answered (checked per connection, see
 * ConnectionCheck), and only under its own Host, so no other local process or web page can take or answer its
 * invocations. Malformed requests are answered with an error status, never with a crash.
 */
export class RuntimeApiServer {
  private readonly server: Server;
  /** The end of the `/next` waiting for work, if one waits. */
  private waiting?: Cancellation;
  private listeningPort?: number;
  private readonly verdicts = new WeakMap<Socket, Promise<boolean>>();
  /** The handling of the latest request of each connection. */
  private readonly inOrder = new WeakMap<Socket, Promise<void>>();

  private constructor(
    private readonly handler: RuntimeApiHandler,
    private readonly ownConnection?: ConnectionCheck,
  ) {
    // Small frames both ways (next, response): Nagle's algorithm with delayed ACKs would add ~40 ms to each.
    this.server = createServer({ noDelay: true }, (req, res) => {
      // Requests on one connection are handled in the order they came: a runtime may send its answer and its next
      // /next together (HTTP/1.1 pipelining), and that /next must not be seen before the answer is.
      const handled = (this.inOrder.get(req.socket) ?? Promise.resolve())
        .then(() => this.guarded(req, res))
        .catch((error) => reply(res, 500, { errorType: 'ServiceException', errorMessage: String(error) }));
      this.inOrder.set(req.socket, handled);
    });
    // Whose connection it is is asked as it is accepted, while the runtime still loads its handler (the Node.js
    // client connects before it does): the first /next then rarely waits for the answer.
    this.server.on('connection', (socket: Socket) => void this.fromInstance(socket));
    // A runtime that long-polls must never be cut off by Node's default request timeouts.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    this.server.keepAliveTimeout = 0;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(handler: RuntimeApiHandler, ownConnection?: ConnectionCheck): Promise<RuntimeApiServer> {
    const api = new RuntimeApiServer(handler, ownConnection);
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(0, '127.0.0.1', () => resolve());
    });
    return api;
  }

  /**
   * Serves a connection the instance's runtime holds from the start (LaunchPlan.runtimeApiFd): only its processes
   * can hold it, so it is the instance's without a look at /proc.
   */
  adopt(socket: Socket): void {
    this.verdicts.set(socket, Promise.resolve(true));
    this.server.emit('connection', socket);
  }

  /** `host:port`, the value of AWS_LAMBDA_RUNTIME_API. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Read once: it is asked on every request, and each look is a system call. */
  private get port(): number {
    this.listeningPort ??= (this.server.address() as AddressInfo).port;
    return this.listeningPort;
  }

  close(): void {
    this.waiting?.cancel();
    this.server.close();
    this.server.closeAllConnections();
  }

  /** Host first (DNS rebinding), then whose connection it is; only then the route. */
  private async guarded(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkHost(req, [], this.port);
    if (refusal) {
      req.resume();
      return reply(res, refusal.status, { errorType: 'AccessDenied', errorMessage: refusal.reason });
    }
    if (!(await this.fromInstance(req.socket))) {
      req.resume();
      return reply(res, 403, {
        errorType: 'AccessDenied',
        errorMessage: "this connection does not come from the instance's runtime process",
      });
    }
    return this.route(req, res);
  }

  private fromInstance(socket: Socket): Promise<boolean> {
    if (!this.ownConnection) return Promise.resolve(true);
    let verdict = this.verdicts.get(socket);
    if (!verdict) {
      verdict = this.ownConnection(socket.remotePort ?? 0, socket.localPort ?? 0).catch(() => false);
      this.verdicts.set(socket, verdict);
    }
    return verdict;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith(PREFIX)) return notFound(req, res);
    const parts = path.slice(PREFIX.length).split('/');
    if (parts[0] === 'invocation' && parts[1] === 'next' && parts.length === 2) {
      return req.method === 'GET' ? this.next(res) : methodNotAllowed(req, res);
    }
    if (parts[0] === 'init' && parts[1] === 'error' && parts.length === 2) {
      if (req.method !== 'POST') return methodNotAllowed(req, res);
      const body = await readBody(req, MAX_RESPONSE_BYTES);
      this.handler.initError(body.data, header(req, 'lambda-runtime-function-error-type'));
      return reply(res, 202, { status: 'OK' });
    }
    if (parts[0] === 'invocation' && parts.length === 3 && (parts[2] === 'response' || parts[2] === 'error')) {
      if (req.method !== 'POST') return methodNotAllowed(req, res);
      return this.answer(req, res, safeDecode(parts[1]), parts[2]);
    }
    return notFound(req, res);
  }

  private async next(res: ServerResponse): Promise<void> {
    if (this.waiting && !this.waiting.requested) {
      return reply(res, 400, {
        errorType: 'InvalidStateTransition',
        errorMessage: 'Another /next request is already waiting',
      });
    }
    const waiting = (this.waiting = new Cancellation());
    // The runtime going away (exit, kill) ends the long poll without an answer. Once answered, the close of the
    // response is routine and cancels nothing.
    res.once('close', () => this.waiting === waiting && waiting.cancel());
    let invocation: InvocationDelivery;
    try {
      invocation = await this.handler.next(waiting);
    } catch {
      // The instance is ending (its long poll was aborted): the runtime gets no invocation.
      if (!res.writableEnded) res.destroy();
      return;
    } finally {
      if (this.waiting === waiting) this.waiting = undefined;
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': runtimeHeaderValue(invocation.invokedFunctionArn),
      'Lambda-Runtime-Trace-Id': invocation.traceId,
    };
    if (invocation.clientContext)
      headers['Lambda-Runtime-Client-Context'] = runtimeHeaderValue(invocation.clientContext);
    if (invocation.cognitoIdentity)
      headers['Lambda-Runtime-Cognito-Identity'] = runtimeHeaderValue(invocation.cognitoIdentity);
    if (invocation.tenantId) headers['Lambda-Runtime-Aws-Tenant-Id'] = runtimeHeaderValue(invocation.tenantId);
    // With its length, as Lambda's Runtime API answers, not chunked: less to frame and to parse on every invocation.
    headers['Content-Length'] = String(invocation.payload.length);
    res.writeHead(200, headers);
    res.end(invocation.payload);
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    kind: 'response' | 'error',
  ): Promise<void> {
    if (kind === 'response' && isStreamingResponse(req)) return this.stream(req, res, requestId);
    const body = await readBody(req, MAX_RESPONSE_BYTES);
    let known: boolean;
    if (kind === 'response' && body.size > MAX_RESPONSE_BYTES) {
      known = this.handler.responseTooLarge(requestId, body.size);
      if (known) {
        return reply(res, 413, {
          errorType: 'RequestEntityTooLarge',
          errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        });
      }
    } else if (kind === 'response') {
      known = this.handler.response(requestId, body.data);
    } else {
      known = this.handler.error(requestId, body.data, header(req, 'lambda-runtime-function-error-type'));
    }
    if (!known) {
      return reply(res, 400, { errorType: 'InvalidRequestID', errorMessage: `Invalid request ID: ${requestId}` });
    }
    reply(res, 202, { status: 'OK' });
  }

  private async stream(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const sink = this.handler.responseStream(requestId, header(req, 'content-type') ?? 'application/octet-stream');
    if (!sink) {
      req.resume();
      return reply(res, 400, { errorType: 'InvalidRequestID', errorMessage: `Invalid request ID: ${requestId}` });
    }
    await receiveStream(req, sink);
    reply(res, 202, { status: 'OK' });
  }
}

/** A request id as sent; one that is not valid percent-encoding is kept raw (and then unknown: 400). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Kept raw, it matches no request id: the runtime gets its 400.
    return segment;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a request body, keeping at most `limit` bytes but counting all of them. */
function readBody(req: IncomingMessage, limit: number): Promise<{ data: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ data: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(data.length) });
  res.end(data);
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  reply(res, 404, { errorType: 'NotFound', errorMessage: `No such Runtime API route: ${req.method} ${req.url}` });
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  reply(res, 405, { errorType: 'MethodNotAllowed', errorMessage: `${req.method} is not allowed on ${req.url}` });
}
