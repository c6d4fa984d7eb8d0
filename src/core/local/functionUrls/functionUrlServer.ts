import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvokeFn } from '../../runtime/types';
import { MAX_SYNC_PAYLOAD_BYTES, type FunctionSpec, type FunctionUrlSpec } from '../../model';
import type { InvocationResult } from '../../runtime/types';
import { checkAccess } from '../access/accessGate';
import type { LocalCredentials } from '../access/sigv4';
import { corsFromHttpApi, preflightHeaders, responseCorsHeaders } from '../apiGateway/cors';
import { header, readApiRequestOr413 } from '../apiGateway/httpRequest';
import { jsonResponse, mapResult, type ApiResponse } from '../apiGateway/response';
import { buildFunctionUrlEvent } from './functionUrlEvent';
import { streamToHttpResponse } from './streamedResponse';

export interface FunctionUrlsOptions {
  functions: FunctionSpec[];
  invoke: InvokeFn;
  /** The account AWS_IAM callers are reported in (requestContext.authorizer.iam.accountId). */
  accountId: string;
  /** Keys to verify AWS_IAM signatures with; without them signatures are accepted unverified. */
  credentials?: LocalCredentials;
  host?: string;
  onLog?: (line: string) => void;
}

/** A function URL as the CLI and the editor list it. */
export interface ServedFunctionUrl {
  functionId: string;
  functionName: string;
  url: string;
  port: number;
  authType: FunctionUrlSpec['authType'];
  invokeMode: FunctionUrlSpec['invokeMode'];
}

/** The function URLs being served; each has its own port on 127.0.0.1. */
export interface FunctionUrls {
  urls: ServedFunctionUrl[];
  /** Serves the URLs of these functions: a URL kept keeps its port, new ones get a port, removed ones close. */
  reload(functions: FunctionSpec[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves every function URL (FunctionUrlConfig, AWS::Lambda::Url, serverless.yml `url`) on its own port, as Lambda
 * does for `https://<url-id>.lambda-url.<region>.on.aws`: the function URL event, CORS answered by the URL itself,
 * AWS_IAM checked with SigV4, BUFFERED responses mapped like payload format 2.0, RESPONSE_STREAM responses written
 * to the client as the function streams them.
 */
export async function startFunctionUrls(options: FunctionUrlsOptions): Promise<FunctionUrls> {
  const log = options.onLog ?? (() => undefined);
  const served = new Map<string, { server: Server; fn: FunctionSpec; info: ServedFunctionUrl }>();

  async function open(fn: FunctionSpec): Promise<void> {
    const entry = { fn, server: createServer(), info: undefined as unknown as ServedFunctionUrl };
    entry.server.on('request', (req, res) => {
      void handle(entry.fn, req, res).catch((error) => {
        log(`function URL error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) send(res, jsonResponse(502, { Message: 'Internal Server Error' }));
        else res.destroy();
      });
    });
    entry.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      entry.server.once('error', reject);
      entry.server.listen(0, options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = entry.server.address() as AddressInfo;
    entry.info = {
      functionId: fn.id,
      functionName: fn.name,
      url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
      port,
      authType: fn.url!.authType,
      invokeMode: fn.url!.invokeMode,
    };
    served.set(fn.id, entry);
  }

  async function handle(fn: FunctionSpec, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = fn.url!;
    const request = await readApiRequestOr413(req, (headers) =>
      send(res, jsonResponse(413, { Message: 'Request Too Long' }, headers)),
    );
    if (!request) return;
    const started = Date.now();
    const done = (status: number) =>
      log(`${request.method} ${request.rawPath} ${status} ${Date.now() - started}ms (function URL of ${fn.name})`);
    const cors = url.cors ? corsFromHttpApi(url.cors) : undefined;
    const origin = header(request, 'origin');
    if (cors && request.method === 'OPTIONS' && origin && header(request, 'access-control-request-method')) {
      const headers = preflightHeaders(cors, origin, header(request, 'access-control-request-headers'));
      if (headers) {
        send(res, { statusCode: 200, headers: Object.entries(headers), body: Buffer.alloc(0) });
        return done(200);
      }
    }
    const extra: Array<[string, string]> = [['x-amzn-RequestId', request.requestId]];
    if (cors && origin) extra.push(...Object.entries(responseCorsHeaders(cors, origin)));
    if (request.body.length > MAX_SYNC_PAYLOAD_BYTES) {
      send(
        res,
        withHeaders(
          jsonResponse(413, {
            Message: `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeFunctionUrl operation`,
          }),
          extra,
        ),
      );
      return done(413);
    }
    const gate = checkAccess(
      'url',
      { apiKeyRequired: false, iam: url.authType === 'AWS_IAM' },
      { ...request, headers: request.rawHeaders },
      { values: [], generated: true },
      options.credentials,
    );
    for (const line of gate.logs) log(`function URL of ${fn.name}: ${line}`);
    if (gate.denied) {
      send(res, withHeaders(gate.denied, extra));
      return done(gate.denied.statusCode);
    }
    const caller = gate.accessKeyId ? { accessKeyId: gate.accessKeyId, accountId: options.accountId } : undefined;
    const payload = JSON.stringify(buildFunctionUrlEvent(fn, request, caller));
    const streaming =
      url.invokeMode === 'RESPONSE_STREAM'
        ? streamToHttpResponse(res, extra, (message) => log(`function URL of ${fn.name}: ${message}`))
        : undefined;
    let result: InvocationResult | undefined;
    try {
      result = await options.invoke(fn, payload, streaming ? { stream: streaming } : {});
    } catch (error) {
      log(
        `function URL of ${fn.name}: the invoke was refused (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (result?.streamed && streaming) {
      streaming.finish();
      if (result.status !== 'success' || streaming.failed) {
        log(
          `function URL of ${fn.name}: the response stream ended with ${result.error ? `${result.error.errorType}: ${result.error.errorMessage}` : 'an unreadable prelude'}`,
        );
        // Lambda cuts a stream that fails after it started; before that, the client gets a 502.
        if (res.headersSent) res.destroy();
        else send(res, withHeaders(jsonResponse(502, { Message: 'Internal Server Error' }), extra));
        return done(502);
      }
      if (!res.headersSent) res.writeHead(200, extra.flat());
      res.end();
      return done(res.statusCode);
    }
    const mapped = result ? mapResult(result, '2.0') : { reason: 'the invoke was refused' };
    if ('reason' in mapped) {
      log(`function URL of ${fn.name}: 502 because ${mapped.reason}`);
      send(res, withHeaders(jsonResponse(502, { Message: 'Internal Server Error' }), extra));
      return done(502);
    }
    send(res, withHeaders(mapped, extra));
    done(mapped.statusCode);
  }

  for (const fn of options.functions) if (fn.url) await open(fn);
  const api: FunctionUrls = {
    urls: [...served.values()].map((s) => s.info),
    async reload(functions) {
      const next = new Map(functions.filter((fn) => fn.url).map((fn) => [fn.id, fn]));
      for (const [id, entry] of served) {
        const fn = next.get(id);
        if (fn) entry.fn = fn;
        else {
          served.delete(id);
          await closeServer(entry.server);
        }
      }
      for (const fn of next.values()) if (!served.has(fn.id)) await open(fn);
      for (const entry of served.values())
        entry.info = {
          ...entry.info,
          authType: entry.fn.url!.authType,
          invokeMode: entry.fn.url!.invokeMode,
          functionName: entry.fn.name,
        };
      api.urls = [...served.values()].map((s) => s.info);
    },
    async close() {
      await Promise.all([...served.values()].map((entry) => closeServer(entry.server)));
      served.clear();
    },
  };
  return api;
}

function withHeaders(response: ApiResponse, extra: Array<[string, string]>): ApiResponse {
  const present = new Set(response.headers.map(([name]) => name.toLowerCase()));
  return { ...response, headers: [...response.headers, ...extra.filter(([name]) => !present.has(name.toLowerCase()))] };
}

function send(res: ServerResponse, response: ApiResponse): void {
  res.writeHead(response.statusCode, response.headers.flat());
  res.end(response.body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
