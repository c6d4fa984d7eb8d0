import { randomBytes } from 'node:crypto';
import { queryPairs, requestTimeText } from '../apiGateway/httpRequest';
import type { WebSocketRouteSpec } from './webSocketRoutes';

/** A client connection as the events describe it. */
export interface ConnectionInfo {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  userAgent: string;
  domainName: string;
  rawHeaders: Array<[string, string]>;
  rawQueryString: string;
  lastActiveAt: number;
}

/** An id shaped like API Gateway's (`L0SM9cOFvHcCIhw=`). */
export function apiGatewayId(): string {
  return randomBytes(10).toString('base64');
}

function context(
  route: Pick<WebSocketRouteSpec, 'stage' | 'apiId'>,
  conn: ConnectionInfo,
  routeKey: string,
  eventType: string,
  requestId: string,
) {
  const now = Date.now();
  return {
    routeKey,
    eventType,
    extendedRequestId: requestId,
    requestTime: requestTimeText(now),
    messageDirection: 'IN',
    stage: route.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: now,
    identity: { userAgent: conn.userAgent, sourceIp: conn.sourceIp },
    requestId,
    domainName: conn.domainName,
    connectionId: conn.connectionId,
    apiId: route.apiId,
  };
}

function headerMaps(rawHeaders: Array<[string, string]>) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of rawHeaders) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

/** The `$connect` event: the upgrade request's headers and query string. */
export function connectEvent(
  route: WebSocketRouteSpec,
  conn: ConnectionInfo,
  requestId: string,
): Record<string, unknown> {
  const event: Record<string, unknown> = headerMaps(conn.rawHeaders);
  const pairs = queryPairs(conn.rawQueryString);
  if (pairs.length) {
    const query: Record<string, string> = {};
    const multi: Record<string, string[]> = {};
    for (const [k, v] of pairs) {
      query[k] = v;
      (multi[k] ??= []).push(v);
    }
    event.queryStringParameters = query;
    event.multiValueQueryStringParameters = multi;
  }
  event.requestContext = context(route, conn, '$connect', 'CONNECT', requestId);
  event.isBase64Encoded = false;
  return event;
}

/** A MESSAGE event for a frame routed to `routeKey`. */
export function messageEvent(
  route: WebSocketRouteSpec,
  conn: ConnectionInfo,
  data: Buffer,
  binary: boolean,
  requestId: string,
): Record<string, unknown> {
  return {
    requestContext: { ...context(route, conn, route.routeKey, 'MESSAGE', requestId), messageId: apiGatewayId() },
    body: data.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  };
}

/** The `$disconnect` event, with the close code and reason the client sent. */
export function disconnectEvent(
  route: WebSocketRouteSpec,
  conn: ConnectionInfo,
  code: number,
  reason: string,
  requestId: string,
): Record<string, unknown> {
  const host = conn.rawHeaders.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? conn.domainName;
  return {
    ...headerMaps([
      ['Host', host],
      ['X-Forwarded-For', conn.sourceIp],
    ]),
    requestContext: {
      ...context(route, conn, '$disconnect', 'DISCONNECT', requestId),
      disconnectStatusCode: code,
      disconnectReason: reason,
    },
    isBase64Encoded: false,
  };
}

/**
 * The route key a message selects with a route selection expression `$request.body.<path>`:
 * the value at that path of the JSON body, or `$default` when the body is not JSON or has no such value.
 */
export function selectRouteKey(expression: string, body: string): string {
  const path = selectionPath(expression);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // A message that is not JSON goes to $default, as API Gateway routes it.
    return '$default';
  }
  for (const key of path)
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '$default';
}

/** The JSON path of `$request.body.action` / `${request.body.action}`; throws on other expressions. */
export function selectionPath(expression: string): string[] {
  const m = /^\$\{?request\.body\.([A-Za-z0-9_$.-]+?)\}?$/.exec(expression.trim());
  if (!m)
    throw new Error(
      `RouteSelectionExpression ${expression} is not supported locally; use $request.body.<field>, e.g. $request.body.action`,
    );
  return m[1].split('.');
}
