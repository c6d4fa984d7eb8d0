import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventSourceSpec, FunctionSpec } from '../../model';
import type { InvokeFn } from '../../async/types';
import { templateApiSettings, type ApiSettings } from './apiSettings';
import { preflightHeaders, responseCorsHeaders } from './cors';
import { buildEventV1 } from './eventV1';
import { buildEventV2 } from './eventV2';
import { header, readApiRequest, RequestTooLarge, type ApiRequest } from './httpRequest';
import { internalServerError, jsonResponse, mapResult, type ApiResponse } from './response';
import { buildRoutes, matchRoute, type ApiRoute } from './routes';
import { createWebSocketGateway, type WebSocketGateway } from '../webSocket/gateway';
import { webSocketRoutesFor, type WebSocketRouteSpec } from '../webSocket/webSocketRoutes';

export interface StartApiOptions {
  functions: FunctionSpec[];
  /** Runs a function: LocalRuntime.invoke bound to its runtime, or a plain function in tests. */
  invoke: InvokeFn;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback by default; the local API is for this machine only. */
  host?: string;
  /** API settings per event (stage, CORS, stage variables, binary types); by default read from each function's template. */
  settingsFor?: (fn: FunctionSpec, event: EventSourceSpec) => ApiSettings;
  /** WebSocket routes; by default read from the templates (AWS::ApiGatewayV2 WEBSOCKET APIs) and WebSocket events. */
  webSocketRoutes?: WebSocketRouteSpec[];
  /** One line per request, and the reason of every 502. */
  onLog?: (line: string) => void;
  /** Called by LocalApi.reload(): recycle the runtime's instances so changed handler files are loaded. */
  reload?: () => void | Promise<void>;
}

/** A route as the CLI and the editor list it. */
export interface RouteInfo {
  kind: 'rest' | 'http' | 'websocket';
  method: string;
  path: string;
  functionName: string;
  functionId: string;
  payloadFormatVersion?: '1.0' | '2.0';
}

/** A running local API Gateway. */
export interface LocalApi {
  /** `http://127.0.0.1:<port>`; WebSocket clients use the same address with ws://. */
  url: string;
  port: number;
  /** The routes served now (replaced by reload(functions)). */
  routes: RouteInfo[];
  /**
   * Asks the runtime to recycle instances (after a handler file changed); requests keep being served. Given the
   * functions again (after a template changed), it also rebuilds the routes from them; a route API Gateway would
   * refuse rejects the reload and keeps the routes served before.
   */
  reload(functions?: FunctionSpec[]): Promise<void>;
  /** Stops listening, closes WebSocket connections, and resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves the Api (REST, payload 1.0), HttpApi (payload 2.0 or 1.0) and WebSocket routes of the functions on
 * 127.0.0.1, building the events API Gateway builds and mapping the responses back as API Gateway does.
 */
export async function startApi(options: StartApiOptions): Promise<LocalApi> {
  let routes = buildRoutes(options.functions, options.settingsFor ?? templateApiSettings());
  let wsRoutes = options.webSocketRoutes ?? webSocketRoutesFor(options.functions);
  const log = options.onLog ?? (() => undefined);
  let ws: WebSocketGateway | undefined;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      log(`local API error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent) send(res, internalServerError());
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let request: ApiRequest;
    try {
      request = await readApiRequest(req, requestId);
    } catch (error) {
      if (error instanceof RequestTooLarge) return send(res, jsonResponse(413, { message: 'Request Too Long' }));
      throw error;
    }
    if (ws && (await ws.handleManagement(request, res))) return;
    const started = Date.now();
    const response = await answer(request);
    send(res, response);
    log(`${request.method} ${request.rawPath} ${response.statusCode} ${Date.now() - started}ms`);
  }

  async function answer(request: ApiRequest): Promise<ApiResponse> {
    const origin = header(request, 'origin');
    const { match } = matchRoute(routes, request.method, request.rawPath);
    if (request.method === 'OPTIONS' && origin && header(request, 'access-control-request-method')) {
      const owner = corsOwner(routes, request.rawPath, match?.route);
      const headers = owner && preflightHeaders(owner.settings.cors!, origin, header(request, 'access-control-request-headers'));
      // SAM answers REST preflights with a mock integration (200); HTTP APIs answer them with 204.
      if (headers) return { statusCode: owner.kind === 'rest' ? 200 : 204, headers: Object.entries(headers), body: Buffer.alloc(0) };
    }
    if (!match) return notFound();
    const { route, pathParameters } = match;
    const event = route.payloadFormatVersion === '2.0' ? buildEventV2(route, request, pathParameters) : buildEventV1(route, request, pathParameters);
    // HTTP routes of a function that also serves WebSocket routes must see the same environment, or its instances would differ.
    let mapped: ApiResponse | { reason: string };
    try {
      const result = await options.invoke(ws ? ws.spec(route.fn) : route.fn, JSON.stringify(event));
      mapped = mapResult(result, route.payloadFormatVersion);
    } catch (error) {
      mapped = { reason: `the invoke was refused (${error instanceof Error ? error.message : String(error)})` };
    }
    if ('reason' in mapped) {
      log(`${request.method} ${request.rawPath} -> ${route.fn.name}: 502 because ${mapped.reason}`);
      mapped = internalServerError();
    }
    const idHeader = route.kind === 'rest' ? 'x-amzn-RequestId' : 'apigw-requestid';
    mapped.headers.push([idHeader, request.requestId]);
    if (origin && route.settings.cors) {
      const present = new Set(mapped.headers.map(([name]) => name.toLowerCase()));
      for (const [name, value] of Object.entries(responseCorsHeaders(route.settings.cors, origin))) {
        if (!present.has(name)) mapped.headers.push([name, value]);
      }
    }
    return mapped;
  }

  function notFound(): ApiResponse {
    const restOnly = routes.length > 0 && routes.every((r) => r.kind === 'rest');
    if (restOnly) return jsonResponse(403, { message: 'Missing Authentication Token' }, [['x-amzn-ErrorType', 'MissingAuthenticationTokenException']]);
    return jsonResponse(404, { message: 'Not Found' });
  }

  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? Object.assign(new Error(`port ${options.port} is already in use; pick another with --port or 0 for a free one`), { code: 'EADDRINUSE', port: options.port }) : error),
    );
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const serveWebSockets = () => {
    if (ws || !wsRoutes.length) return ws?.setRoutes(wsRoutes);
    ws = createWebSocketGateway({ routes: wsRoutes, invoke: options.invoke, endpoint: url, onLog: log });
    server.on('upgrade', (req, socket, head) => ws!.handleUpgrade(req, socket, head));
  };
  const routeInfos = () => [...routes.map(routeInfo), ...wsRoutes.map((r): RouteInfo => ({ kind: 'websocket', method: 'WS', path: r.routeKey, functionName: r.fn.name, functionId: r.fn.id }))];
  serveWebSockets();
  const api: LocalApi = {
    url,
    port,
    routes: routeInfos(),
    async reload(functions) {
      if (functions) {
        // Built before anything is replaced, so a bad template leaves the running routes untouched.
        const nextRoutes = buildRoutes(functions, options.settingsFor ?? templateApiSettings());
        const nextWsRoutes = options.webSocketRoutes ?? webSocketRoutesFor(functions);
        routes = nextRoutes;
        wsRoutes = nextWsRoutes;
        serveWebSockets();
        api.routes = routeInfos();
      }
      await options.reload?.();
    },
    async close() {
      await ws?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** The route whose API's CORS settings answer a preflight: the matched route, a route on the same path, or any HTTP API with CORS. */
function corsOwner(routes: ApiRoute[], rawPath: string, matched: ApiRoute | undefined): ApiRoute | undefined {
  if (matched?.settings.cors) return matched;
  const samePath = routes.find((r) => r.settings.cors && matchRoute([r], r.method === 'ANY' ? 'GET' : r.method, rawPath).match);
  return samePath ?? routes.find((r) => r.kind === 'http' && r.settings.cors);
}

function routeInfo(route: ApiRoute): RouteInfo {
  return { kind: route.kind, method: route.method, path: route.path, functionName: route.fn.name, functionId: route.fn.id, payloadFormatVersion: route.payloadFormatVersion };
}

function send(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
}
