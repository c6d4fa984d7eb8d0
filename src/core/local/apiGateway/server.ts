import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventSourceSpec, FunctionSpec } from '../../model';
import type { InvokeFn } from '../../runtime/types';
import type { AccessCheck } from './access';
import { templateApiSettings, type ApiSettings } from './apiSettings';
import { JwksCache } from './auth/jwks';
import type { RouteAuth } from './auth/types';
import { declaredApis } from './declared/declaredApis';
import type { ApiDefinition } from './declared/stackScope';
import { readApiRequestOr413 } from './httpRequest';
import { answerRequest, servedApis, type ServedApis } from './pipeline';
import { internalServerError, jsonResponse, type ApiResponse } from './response';
import { createWebSocketGateway, type WebSocketGateway } from '../webSocket/gateway';
import { checkHost, guardUpgrade, type Refusal } from '../../hostGuard';
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
  /** Checks run before the authorizer of each route (API keys, SigV4); see access.ts. */
  accessChecks?: AccessCheck[];
  /** The region in the ARNs authorizers are asked about (default us-east-1). */
  region?: string;
  /** One line per request, the reason of every 502, 401 and 403, and what is not enforced locally. */
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
  /** The API the route belongs to (`ServerlessHttpApi`, `OrdersApi`, `Child/Api`...). */
  api?: string;
  /** Where the route's API answers on its own (its own port when several APIs are served), else the main URL. */
  apiUrl?: string;
  /** The authorizer kind the route requires. */
  auth?: RouteAuth['kind'];
  /** REST methods with ApiKeyRequired. */
  apiKeyRequired?: boolean;
}

/** An API as the CLI and the editor list it. */
export interface ApiInfo {
  name: string;
  kind: 'rest' | 'http';
  /** Its own address: a port of its own when several APIs are served, else the main URL. */
  url: string;
  stage: string;
  /** Also served under this path of the main URL (a base path mapping). */
  basePath?: string;
  declaredBy: string;
  routes: number;
}

/** A running local API Gateway. */
export interface LocalApi {
  /** `http://127.0.0.1:<port>`: every API's routes, the most specific route winning; WebSocket clients use ws:// here. */
  url: string;
  port: number;
  /** The routes served now (replaced by reload(functions)). */
  routes: RouteInfo[];
  /** The APIs served now, each with its own address when there are several. */
  apis: ApiInfo[];
  /** What the templates declare that is not served locally, said once. */
  notes: string[];
  /**
   * Asks the runtime to recycle instances (after a handler file changed); requests keep being served. Given the
   * functions again (after a template changed), it also rebuilds the routes from them; a route API Gateway would
   * refuse rejects the reload and keeps the routes served before.
   */
  reload(functions?: FunctionSpec[]): Promise<void>;
  /** Stops listening, closes WebSocket connections, and resolves when the servers are closed. */
  close(): Promise<void>;
}

interface Listener {
  server: Server;
  port: number;
  url: string;
  served: () => ServedApis;
}

/**
 * Serves every API the functions' templates declare (see declaredApis) and the Api/HttpApi/WebSocket routes of
 * their events on 127.0.0.1, building the events API Gateway builds and mapping the responses back as API Gateway
 * does. The main port serves all APIs together; when there are several, each API also gets a port of its own,
 * where its own 403/404 answers and payload format apply alone.
 */
export async function startApi(options: StartApiOptions): Promise<LocalApi> {
  const settingsFor = options.settingsFor ?? templateApiSettings();
  const log = options.onLog ?? (() => undefined);
  let declared = declaredApis(options.functions, settingsFor);
  let wsRoutes = options.webSocketRoutes ?? webSocketRoutesFor(options.functions);
  const extraHosts = options.host ? [options.host] : [];
  let ws: WebSocketGateway | undefined;
  const said = new Set<string>();
  const noteOnce = (line: string) => {
    if (!said.has(line)) log(line);
    said.add(line);
  };
  const access = {
    invoke: options.invoke,
    region: options.region ?? 'us-east-1',
    jwks: new JwksCache(),
    checks: options.accessChecks ?? [],
    noteOnce,
    note: log,
  };
  const host = options.host ?? '127.0.0.1';
  const own = new Map<string, Listener>();

  const listen = async (port: number, served: () => ServedApis, main: boolean): Promise<Listener> => {
    const server = createServer({ noDelay: true }, (req, res) => {
      void handle(req, res, listener, main).catch((error) => {
        log(`local API error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) send(res, internalServerError());
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? Object.assign(new Error(`port ${port} is already in use; pick another with --port or 0 for a free one`), {
                code: 'EADDRINUSE',
                port,
              })
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    const actual = (server.address() as AddressInfo).port;
    const listener: Listener = {
      server,
      port: actual,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
      served,
    };
    return listener;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, listener: Listener, main: boolean): Promise<void> {
    // DNS rebinding: only requests addressed to this server are answered, CORS preflights included (SECURITY.md).
    const refusal = checkHost(req, extraHosts);
    if (refusal) return refuse(req, res, refusal);
    const request = await readApiRequestOr413(req, (headers) =>
      send(res, jsonResponse(413, { message: 'Request Too Long' }, headers)),
    );
    if (!request) return;
    if (main && ws && (await ws.handleManagement(request, res))) return;
    const started = Date.now();
    const response: ApiResponse = await answerRequest(listener.served(), request, {
      invoke: options.invoke,
      access,
      log,
      specFor: (fn) => (ws ? ws.spec(fn) : fn),
      port: listener.port,
    });
    send(res, response);
    log(`${request.method} ${request.rawPath} ${response.statusCode} ${Date.now() - started}ms`);
  }

  /** The routes of what a port serves, sorted once per set of APIs (a reload makes a new set), not per request. */
  const servedOnce = (apis: () => ApiDefinition[], basePaths: boolean): (() => ServedApis) => {
    let built: { from: typeof declared; served: ServedApis } | undefined;
    return () => {
      if (built?.from !== declared) built = { from: declared, served: servedApis(apis(), basePaths) };
      return built.served;
    };
  };
  const mainListener = await listen(
    options.port ?? 0,
    servedOnce(() => declared.apis, true),
    true,
  );
  const url = mainListener.url;

  /** One port per API when several are served (kept across reloads for the same API), none when there is one. */
  const syncOwnPorts = async () => {
    const wanted = declared.apis.length > 1 ? declared.apis : [];
    for (const [key, listener] of own) {
      if (wanted.some((a) => a.key === key)) continue;
      own.delete(key);
      listener.server.closeAllConnections();
      listener.server.close();
    }
    for (const api of wanted) {
      if (own.has(api.key)) continue;
      own.set(
        api.key,
        await listen(
          0,
          servedOnce(() => declared.apis.filter((a) => a.key === api.key), false),
          false,
        ),
      );
    }
  };
  await syncOwnPorts().catch(async (error) => {
    mainListener.server.close();
    throw error;
  });
  for (const note of declared.notes) noteOnce(note);

  const serveWebSockets = () => {
    if (ws || !wsRoutes.length) return ws?.setRoutes(wsRoutes);
    ws = createWebSocketGateway({ routes: wsRoutes, invoke: options.invoke, endpoint: url, onLog: log });
    mainListener.server.on(
      'upgrade',
      (req, socket, head) => guardUpgrade(req, socket, extraHosts) && ws!.handleUpgrade(req, socket, head),
    );
  };
  const apiUrl = (api: ApiDefinition) => own.get(api.key)?.url ?? url;
  const routeInfos = (): RouteInfo[] => [
    ...declared.apis.flatMap((api) =>
      api.routes.map((r): RouteInfo => ({
        kind: r.kind,
        method: r.method,
        path: r.path,
        functionName: r.fn.name,
        functionId: r.fn.id,
        payloadFormatVersion: r.payloadFormatVersion,
        api: api.name,
        apiUrl: apiUrl(api),
        auth: r.auth.kind,
        apiKeyRequired: r.apiKeyRequired,
      })),
    ),
    ...wsRoutes.map((r): RouteInfo => ({
      kind: 'websocket',
      method: 'WS',
      path: r.routeKey,
      functionName: r.fn.name,
      functionId: r.fn.id,
      api: r.apiLogicalId,
    })),
  ];
  const apiInfos = (): ApiInfo[] =>
    declared.apis.map((api) => ({
      name: api.name,
      kind: api.kind,
      url: apiUrl(api),
      stage: api.settings.stage,
      ...(api.settings.basePath ? { basePath: api.settings.basePath } : {}),
      declaredBy: api.declaredBy,
      routes: api.routes.length,
    }));
  serveWebSockets();
  const api: LocalApi = {
    url,
    port: mainListener.port,
    routes: routeInfos(),
    apis: apiInfos(),
    notes: declared.notes,
    async reload(functions) {
      if (functions) {
        // Built before anything is replaced, so a bad template leaves the running routes untouched.
        const next = declaredApis(functions, settingsFor);
        const nextWsRoutes = options.webSocketRoutes ?? webSocketRoutesFor(functions);
        declared = next;
        wsRoutes = nextWsRoutes;
        await syncOwnPorts();
        serveWebSockets();
        for (const note of declared.notes) noteOnce(note);
        Object.assign(api, { routes: routeInfos(), apis: apiInfos(), notes: declared.notes });
      }
      await options.reload?.();
    },
    async close() {
      await ws?.close();
      const listeners = [mainListener, ...own.values()];
      own.clear();
      await Promise.all(
        listeners.map((l) => {
          l.server.closeAllConnections();
          return new Promise<void>((resolve) => l.server.close(() => resolve()));
        }),
      );
    },
  };
  return api;
}

function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  req.resume();
  res.shouldKeepAlive = false;
  send(res, jsonResponse(refusal.status, { message: refusal.reason }));
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
