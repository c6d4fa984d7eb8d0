import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AsyncInvoker } from '../async/asyncInvoker';
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES, type FunctionSpec } from '../model';
import { deployedName } from '../runtime/lambdaEnvironment';
import { InvokeRequestError, type LocalRuntime } from '../runtime/localRuntime';
import type { InvocationResult } from '../runtime/types';
import { functionConfiguration } from './functionConfiguration';
import { logTail } from './logTail';

export interface InvokeApiOptions {
  runtime: LocalRuntime;
  /** The functions served, looked up on every request so a reloaded template takes effect at once. */
  functions: () => FunctionSpec[];
  /** Runs InvocationType=Event invocations (queued, retried, recorded). */
  asyncInvoker: AsyncInvoker;
  port?: number;
  /** Called after every synchronous invocation (for the CLI's log output and the editor's views). */
  onInvoked?: (fn: FunctionSpec, result: InvocationResult) => void;
}

export interface InvokeApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const FUNCTIONS = /^\/(?:2015-03-31)\/functions\/?([^/]*)(\/invocations)?\/?$/;

/**
 * The Lambda Invoke API on 127.0.0.1 (like `sam local start-lambda`): `@aws-sdk/client-lambda` and
 * `aws lambda invoke --endpoint-url` work against it unchanged. Also answers GetFunction and ListFunctions.
 */
export async function startInvokeApi(options: InvokeApiOptions): Promise<InvokeApi> {
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((error) => sendError(res, 500, 'ServiceException', String(error)));
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
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = FUNCTIONS.exec(url.pathname);
  const { data: body, size } = await readBody(req);
  if (!match) return sendError(res, 404, 'UnknownOperationException', `Lambda Workbench serves Invoke, GetFunction and ListFunctions; not ${req.method} ${url.pathname}`);
  const identity = { region: options.runtime.region, accountId: options.runtime.accountId };
  const name = decodeURIComponent(match[1] ?? '');
  if (!name) {
    if (req.method !== 'GET') return sendError(res, 405, 'UnknownOperationException', `${req.method} is not supported on ${url.pathname}`);
    return sendJson(res, 200, { Functions: options.functions().map((fn) => functionConfiguration(fn, identity)), NextMarker: null });
  }
  const fn = findByName(options.functions(), name);
  if (!fn) {
    const arn = name.startsWith('arn:') ? name : `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${name}`;
    return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${arn}`);
  }
  if (!match[2]) {
    if (req.method !== 'GET') return sendError(res, 405, 'UnknownOperationException', `${req.method} is not supported on ${url.pathname}`);
    return sendJson(res, 200, { Configuration: functionConfiguration(fn, identity), Code: { RepositoryType: 'S3', Location: '' } });
  }
  if (req.method !== 'POST') return sendError(res, 405, 'UnknownOperationException', 'Invoke takes POST');
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  const qualifier = url.searchParams.get('Qualifier') ?? '$LATEST';
  if (type === 'DryRun') {
    res.writeHead(204, { 'x-amzn-RequestId': randomUUID() }).end();
    return;
  }
  if (type === 'Event') {
    if (size > MAX_ASYNC_PAYLOAD_BYTES) {
      return sendError(res, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_ASYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    }
    const { requestId } = options.asyncInvoker.enqueue(fn, body.length ? body : '{}');
    res.writeHead(202, { 'x-amzn-RequestId': requestId, 'Content-Length': 0 }).end();
    return;
  }
  if (type !== 'RequestResponse') {
    return sendError(res, 400, 'InvalidParameterValueException', `X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, not ${type}`);
  }
  if (size > MAX_SYNC_PAYLOAD_BYTES) {
    return sendError(res, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
  }
  let result: InvocationResult;
  try {
    result = await options.runtime.invoke(fn, body, { clientContext: decodeClientContext(header(req, 'x-amz-client-context')), version: qualifier });
  } catch (error) {
    if (error instanceof InvokeRequestError) return sendError(res, error.statusCode, error.code, error.message);
    throw error;
  }
  options.onInvoked?.(fn, result);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': result.payload.length,
    'X-Amz-Executed-Version': qualifier,
    'x-amzn-RequestId': result.requestId,
  };
  if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
  if (header(req, 'x-amz-log-type') === 'Tail') headers['X-Amz-Log-Result'] = logTail(result.logs);
  res.writeHead(200, headers).end(result.payload);
}

/** By name, full or partial ARN (`arn:aws:lambda:region:account:function:Name[:qualifier]`, `account:function:Name`). */
function findByName(functions: FunctionSpec[], name: string): FunctionSpec | undefined {
  const bare = /(?:^|:)function:([^:]+)/.exec(name)?.[1] ?? name;
  return functions.find((fn) => deployedName(fn) === bare) ?? functions.find((fn) => fn.name === bare);
}

function decodeClientContext(value: string | undefined): string | undefined {
  return value ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body (at most one byte past the sync limit is kept) and its full size. */
function readBody(req: IncomingMessage): Promise<{ data: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the body is only counted: it is refused with RequestTooLargeException.
      if (size <= MAX_SYNC_PAYLOAD_BYTES + 1) chunks.push(chunk);
    });
    req.on('end', () => resolve({ data: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() }).end(text);
}

/** Errors the way Lambda's REST-JSON protocol sends them, so the SDK raises the named exception. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  if (res.headersSent) return;
  const text = JSON.stringify({ Type: 'User', Message: message, message });
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID(), 'Content-Length': Buffer.byteLength(text) }).end(text);
}
