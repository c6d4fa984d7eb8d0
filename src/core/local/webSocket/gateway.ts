import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FunctionSpec } from '../../model';
import type { InvokeFn } from '../../runtime/types';
import type { InvocationResult } from '../../runtime/types';
import type { ApiRequest } from '../apiGateway/httpRequest';
import { isRecord } from '../cfnTemplate';
import {
  apiGatewayId,
  connectEvent,
  disconnectEvent,
  messageEvent,
  selectRouteKey,
  selectionPath,
  type ConnectionInfo,
} from './events';
import type { WebSocketRouteSpec } from './webSocketRoutes';
import { handleManagement } from './management';

/** The environment variable that tells handlers where the @connections endpoint is (read by AWS SDK v3 clients). */
export const MANAGEMENT_ENDPOINT_VARIABLE = 'AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI';

export interface WebSocketGateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Answers POST/GET/DELETE `[/<stage>]/@connections/{id}`; false when the request is not for the management API. */
  handleManagement(request: ApiRequest, res: ServerResponse): Promise<boolean>;
  /** The function as every route of this server invokes it: with the management endpoint in its environment. */
  spec(fn: FunctionSpec): FunctionSpec;
  /** New routes (the template changed): new connections use them; open connections keep the routes they connected with. */
  setRoutes(routes: WebSocketRouteSpec[]): void;
  close(): Promise<void>;
}

export interface Connection {
  info: ConnectionInfo;
  socket: WebSocket;
  routes: WebSocketRouteSpec[];
}

/**
 * WebSocket APIs on the local API's server. With one WebSocket API any path connects to it; with several,
 * clients connect to `/<ApiLogicalId>`.
 */
export function createWebSocketGateway(options: {
  routes: WebSocketRouteSpec[];
  invoke: InvokeFn;
  endpoint: string;
  onLog(line: string): void;
}): WebSocketGateway {
  const apis = new Map<string, WebSocketRouteSpec[]>();
  const group = (routes: WebSocketRouteSpec[]) => {
    for (const route of routes) selectionPath(route.routeSelectionExpression);
    apis.clear();
    for (const route of routes) apis.set(route.apiLogicalId, [...(apis.get(route.apiLogicalId) ?? []), route]);
  };
  group(options.routes);
  const connections = new Map<string, Connection>();
  // API Gateway's message limit: a bigger message closes the connection with 1009 (Message Too Big).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const specs = new Map<string, FunctionSpec>();
  const log = options.onLog;
  let closing = false;

  /** The handler sees the management endpoint in its environment, as it would read a variable set by its stack. */
  function withEndpoint(fn: FunctionSpec): FunctionSpec {
    if (!specs.has(fn.id))
      specs.set(fn.id, { ...fn, environment: { ...fn.environment, [MANAGEMENT_ENDPOINT_VARIABLE]: options.endpoint } });
    return specs.get(fn.id)!;
  }

  async function run(route: WebSocketRouteSpec, event: Record<string, unknown>) {
    let result: InvocationResult;
    try {
      result = await options.invoke(withEndpoint(route.fn), JSON.stringify(event));
    } catch (error) {
      log(
        `WebSocket ${route.routeKey} -> ${route.fn.name}: the invoke was refused (${error instanceof Error ? error.message : String(error)})`,
      );
      return { ok: false, statusCode: 500, body: undefined };
    }
    let body: unknown;
    try {
      body = JSON.parse(result.payload.toString('utf8'));
    } catch {
      // A reply that is not JSON has no statusCode: 200, as API Gateway does.
      body = undefined;
    }
    const statusCode = isRecord(body) && typeof body.statusCode === 'number' ? body.statusCode : 200;
    if (result.status !== 'success')
      log(
        `WebSocket ${route.routeKey} -> ${route.fn.name}: ${result.status} ${result.error?.errorMessage ?? ''}`.trim(),
      );
    return {
      ok: result.status === 'success' && statusCode < 300,
      statusCode: result.status === 'success' ? statusCode : 500,
      body,
    };
  }

  function apiFor(req: IncomingMessage): WebSocketRouteSpec[] | undefined {
    if (apis.size === 1) return [...apis.values()][0];
    const first = (req.url ?? '/').split('?')[0].split('/')[1];
    return apis.get(first);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const routes = apiFor(req);
    if (!routes) return reject(socket, 404, `connect to one of /${[...apis.keys()].join(', /')}`);
    const url = req.url ?? '/';
    const rawHeaders: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const now = Date.now();
    const info: ConnectionInfo = {
      connectionId: apiGatewayId(),
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      userAgent: String(req.headers['user-agent'] ?? ''),
      domainName: String(req.headers.host ?? 'localhost'),
      rawHeaders,
      rawQueryString: url.includes('?') ? url.slice(url.indexOf('?') + 1) : '',
    };
    const connectRoute = routes.find((r) => r.routeKey === '$connect');
    if (connectRoute) {
      const outcome = await run(connectRoute, connectEvent(connectRoute, info, apiGatewayId()));
      if (!outcome.ok) return reject(socket, outcome.statusCode, `$connect answered ${outcome.statusCode}`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = { info, socket: ws, routes };
      connections.set(info.connectionId, connection);
      ws.on('message', (data: Buffer, isBinary: boolean) =>
        backPressured(connection, () => onMessage(connection, data, isBinary)),
      );
      // A message over the limit closes the connection with 1009; ws reports it here, and it must not crash the server.
      ws.on('error', (error: Error) =>
        log(`WebSocket ${info.connectionId}: ${error.message}; the connection is closed`),
      );
      ws.on('close', (code: number, reason: Buffer) => void onClose(connection, code, reason.toString('utf8')));
    });
  }

  async function onMessage(connection: Connection, data: Buffer, binary: boolean): Promise<void> {
    connection.info.lastActiveAt = Date.now();
    const { routes, info } = connection;
    const key = binary ? '$default' : selectRouteKey(routes[0].routeSelectionExpression, data.toString('utf8'));
    const route = routes.find((r) => r.routeKey === key) ?? routes.find((r) => r.routeKey === '$default');
    const requestId = apiGatewayId();
    if (!route)
      return send(connection, JSON.stringify({ message: 'Forbidden', connectionId: info.connectionId, requestId }));
    const outcome = await run(route, messageEvent(route, info, data, binary, requestId));
    if (!outcome.ok && outcome.statusCode >= 500) {
      return send(
        connection,
        JSON.stringify({ message: 'Internal server error', connectionId: info.connectionId, requestId }),
      );
    }
    if (route.twoWay && outcome.body !== undefined) {
      const reply =
        isRecord(outcome.body) && 'statusCode' in outcome.body ? outcome.body.body : JSON.stringify(outcome.body);
      if (typeof reply === 'string') send(connection, reply);
    }
  }

  async function onClose(connection: Connection, code: number, reason: string): Promise<void> {
    connections.delete(connection.info.connectionId);
    // Connections cut because the server stops get no $disconnect: the runtime is going away with it.
    if (closing) return;
    const route = connection.routes.find((r) => r.routeKey === '$disconnect');
    if (route) await run(route, disconnectEvent(route, connection.info, code, reason, apiGatewayId()));
  }

  return {
    handleUpgrade(req, socket, head) {
      upgrade(req, socket, head).catch((error) => {
        log(`WebSocket connect failed: ${error instanceof Error ? error.message : String(error)}`);
        reject(socket, 500, 'internal error');
      });
    },
    handleManagement: (request, res) => handleManagement(connections, request, res),
    spec: withEndpoint,
    setRoutes(routes) {
      group(routes);
      specs.clear();
    },
    async close() {
      closing = true;
      for (const { socket } of connections.values()) socket.terminate();
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** API Gateway's WebSocket message size limit (128 KB). */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** Messages of one connection running at once; past it the connection stops being read until one ends. */
export const MAX_MESSAGES_IN_FLIGHT = 8;

const flows = new WeakMap<Connection, { running: number; waiting: Array<() => Promise<void>> }>();

/**
 * Runs a message's route, at most MAX_MESSAGES_IN_FLIGHT at once per connection; the others wait their turn and,
 * while any wait, the connection is not read (TCP back-pressure), so a flood cannot queue invocations without bound.
 */
function backPressured(connection: Connection, run: () => Promise<void>): void {
  let flow = flows.get(connection);
  if (!flow) flows.set(connection, (flow = { running: 0, waiting: [] }));
  flow.waiting.push(run);
  pump(connection, flow);
}

function pump(connection: Connection, flow: { running: number; waiting: Array<() => Promise<void>> }): void {
  while (flow.running < MAX_MESSAGES_IN_FLIGHT && flow.waiting.length) {
    const next = flow.waiting.shift()!;
    flow.running++;
    void next()
      .catch(() => undefined)
      .finally(() => {
        flow.running--;
        pump(connection, flow);
      });
  }
  if (flow.waiting.length && !connection.socket.isPaused) connection.socket.pause();
  else if (!flow.waiting.length && connection.socket.isPaused) connection.socket.resume();
}

function send(connection: Connection, text: string): void {
  if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(text);
}

function reject(socket: Duplex, status: number, reason: string): void {
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${reason.replace(/[\r\n]/g, ' ')}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
}
