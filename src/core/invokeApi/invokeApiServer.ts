import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AsyncInvoker } from '../async/asyncInvoker';
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES, type FunctionSpec } from '../model';
import { checkInvokable, InvokeRequestError, type LocalRuntime } from '../runtime/localRuntime';
import { checkHost } from '../hostGuard';
import type { InvocationResult } from '../runtime/types';
import { functionConfiguration } from './functionConfiguration';
import { InvokeRefusal, readInvokeRequest, resolveFunction } from './invokeRequest';
import { sendError, sendJson } from './lambdaResponses';
import { logTail } from './logTail';
import { answerResponseStream, RESPONSE_STREAMING_PATH } from './responseStreamInvoke';

export interface InvokeApiOptions {
  runtime: LocalRuntime;
  /** The functions served, looked up on every request so a reloaded template takes effect at once. */
  functions: () => FunctionSpec[];
  /** Runs InvocationType=Event invocations (queued, retried, recorded). */
  asyncInvoker: AsyncInvoker;
  port?: number;
  /** How long a request body may stall before it is answered 408 (BODY_IDLE_TIMEOUT_MS by default). */
  bodyIdleTimeoutMs?: number;
  /** Called after every synchronous invocation (for the CLI's log output and the editor's views). */
  onInvoked?: (fn: FunctionSpec, result: InvocationResult) => void;
}

export interface InvokeApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const FUNCTIONS = /^\/(?:2015-03-31)\/functions\/?([^/]*)(\/invocations)?\/?$/;

/** How long a request body may stall (no bytes arriving) before the request is answered 408 and dropped. */
export const BODY_IDLE_TIMEOUT_MS = 10_000;

/**
 * The Lambda Invoke API on 127.0.0.1 (like `sam local start-lambda`): `@aws-sdk/client-lambda` and
 * `aws lambda invoke --endpoint-url` work against it unchanged. Also answers GetFunction and ListFunctions.
 * Only this machine's SDKs and CLIs are answered: a `Host` other than its own loopback address (DNS rebinding)
 * and any request with an `Origin` (a browser; SDKs send none) are refused. See SECURITY.md.
 */
export async function startInvokeApi(options: InvokeApiOptions): Promise<InvokeApi> {
  const server: Server = createServer({ noDelay: true }, (req, res) => {
    handle(req, res, options).catch((error) => {
      if (error instanceof InvokeRefusal) {
        // A stalled body is never read to its end: the connection cannot carry another request.
        if (error.status === 408) res.shouldKeepAlive = false;
        return sendError(res, error.status, error.type, error.message);
      }
      sendError(res, 500, 'ServiceException', String(error));
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: InvokeApiOptions): Promise<void> {
  const refusal = checkHost(req);
  if (refusal) return refuse(req, res, refusal.status, refusal.reason);
  if (req.headers.origin !== undefined) {
    return refuse(
      req,
      res,
      403,
      'requests from web pages (with an Origin header) are not answered: the Invoke API is for SDKs and CLIs on this machine',
    );
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const streaming = RESPONSE_STREAMING_PATH.exec(url.pathname);
  const match = streaming ?? FUNCTIONS.exec(url.pathname);
  const { data: body, size } = await readBody(req, options.bodyIdleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS);
  if (!match)
    return sendError(
      res,
      404,
      'UnknownOperationException',
      `Lambda Workbench serves Invoke, InvokeWithResponseStream, GetFunction and ListFunctions; not ${req.method} ${url.pathname}`,
    );
  const identity = { region: options.runtime.region, accountId: options.runtime.accountId };
  const name = decodeURIComponent(match[1] ?? '');
  if (!name) {
    if (req.method !== 'GET')
      return sendError(res, 405, 'UnknownOperationException', `${req.method} is not supported on ${url.pathname}`);
    return sendJson(res, 200, {
      Functions: options.functions().map((fn) => functionConfiguration(fn, identity)),
      NextMarker: null,
    });
  }
  const target = resolveFunction(options.functions(), name, identity);
  if (streaming) {
    return answerResponseStream({
      req,
      res,
      runtime: options.runtime,
      fn: target.fn,
      body,
      size,
      qualifier: url.searchParams.get('Qualifier') ?? '$LATEST',
      onInvoked: options.onInvoked,
    });
  }
  if (!match[2]) {
    if (req.method !== 'GET')
      return sendError(res, 405, 'UnknownOperationException', `${req.method} is not supported on ${url.pathname}`);
    return sendJson(res, 200, {
      Configuration: functionConfiguration(target.fn, identity),
      Code: { RepositoryType: 'S3', Location: '' },
    });
  }
  if (req.method !== 'POST') return sendError(res, 405, 'UnknownOperationException', 'Invoke takes POST');
  const request = readInvokeRequest(req, url, target, identity);
  const { fn } = request;
  if (request.invocationType === 'DryRun') {
    res.writeHead(204, { 'x-amzn-RequestId': randomUUID() }).end();
    return;
  }
  const limit = request.invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
  if (size > limit) {
    return sendError(
      res,
      413,
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
    );
  }
  let result: InvocationResult;
  try {
    if (request.invocationType === 'Event') {
      // Checked as a synchronous invoke is: Lambda refuses what it could never run, before queueing it.
      checkInvokable(fn, body, request.tenantId);
      const { requestId } = options.asyncInvoker.enqueue(fn, body.length ? body : '{}', { tenantId: request.tenantId });
      res.writeHead(202, { 'x-amzn-RequestId': requestId, 'Content-Length': 0 }).end();
      return;
    }
    result = await options.runtime.invoke(fn, body, {
      clientContext: request.clientContext,
      version: request.qualifier,
      tenantId: request.tenantId,
      throttle: true,
    });
  } catch (error) {
    if (error instanceof InvokeRequestError)
      return sendError(res, error.statusCode, error.code, error.message, error.extra);
    throw error;
  }
  options.onInvoked?.(fn, result);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': result.payload.length,
    'X-Amz-Executed-Version': request.qualifier,
    'x-amzn-RequestId': result.requestId,
  };
  if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
  if (request.tail) headers['X-Amz-Log-Result'] = logTail(result.logs);
  res.writeHead(200, headers).end(result.payload);
}

/** Answers a refused request without reading its body, and closes the connection. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
  req.resume();
  res.shouldKeepAlive = false;
  sendError(res, status, 'AccessDeniedException', reason);
}

/**
 * The body (at most one byte past the sync limit is kept) and its full size. A body that stops arriving for
 * `idleMs` is answered 408 and its connection dropped, so a stalled client cannot hold a request open forever.
 */
function readBody(req: IncomingMessage, idleMs: number): Promise<{ data: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        req.pause();
        reject(
          new InvokeRefusal(408, 'RequestTimeoutException', `the request body stalled: no bytes for ${idleMs} ms`),
        );
      }, idleMs);
    };
    arm();
    req.on('data', (chunk: Buffer) => {
      arm();
      size += chunk.length;
      // Past the limit the body is only counted: it is refused with RequestTooLargeException.
      if (size <= MAX_SYNC_PAYLOAD_BYTES + 1) chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), size });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('close', () => clearTimeout(timer));
  });
}
