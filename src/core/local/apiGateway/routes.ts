import type { EventSourceSpec, FunctionSpec } from '../../model';
import { isRecord } from '../cfnTemplate';
import type { ApiSettings } from './apiSettings';
import { routeAuth } from './auth/declarations';
import type { RouteAuth } from './auth/types';
import { integrationFunction, stackFunctionsOf } from './integrationTarget';
import { serverlessEventAccess } from '../access/serverlessAccess';

/** One route of the local API Gateway: a method and path of an `Api` or `HttpApi` event, bound to a function. */
export interface ApiRoute {
  /** `rest` for Api events (API Gateway REST APIs), `http` for HttpApi events (HTTP APIs). */
  kind: 'rest' | 'http';
  /** Upper-case HTTP method, or ANY. */
  method: string;
  /** Resource path such as `/orders/{id}` or `/{proxy+}`; `$default` for the HTTP API catch-all route. */
  path: string;
  /** HTTP API route key (`GET /orders/{id}`, `$default`); for REST the resource path. */
  routeKey: string;
  /** Lambda proxy payload format: 1.0 for REST, 2.0 by default for HTTP APIs. */
  payloadFormatVersion: '1.0' | '2.0';
  fn: FunctionSpec;
  /** The key of the event in the template, or what declared the route (`OpenAPI`, `AWS::ApiGateway::Method Id`...). */
  eventName: string;
  settings: ApiSettings;
  segments: Segment[];
  /** The authorizer (or IAM) the route requires; `none` when it is open. */
  auth: RouteAuth;
  /** REST APIs: the method needs an `x-api-key` header (ApiKeyRequired). */
  apiKeyRequired: boolean;
}

/** What a declaration gives to make a route; the path is normalised and checked as API Gateway would. */
export interface RouteDeclaration {
  kind: 'rest' | 'http';
  method: string;
  /** A resource path, or `$default`. */
  path: string;
  payloadFormatVersion: '1.0' | '2.0';
  fn: FunctionSpec;
  eventName: string;
  settings: ApiSettings;
  auth: RouteAuth;
  apiKeyRequired: boolean;
}

export type Segment =
  { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/** Builds the routes of every Api/HttpApi event, most specific first. Throws on paths API Gateway would refuse. */
export function buildRoutes(
  functions: FunctionSpec[],
  settingsFor: (fn: FunctionSpec, event: EventSourceSpec) => ApiSettings,
): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const fn of functions) {
    for (const event of fn.events) {
      if (event.type !== 'Api' && event.type !== 'HttpApi') continue;
      routes.push(bindAuthorizer(routeOf(fn, event, settingsFor(fn, event)), functions));
    }
  }
  return sortRoutes(routes);
}

/** Routes in the order matchRoute expects: most specific first. */
export function sortRoutes(routes: ApiRoute[]): ApiRoute[] {
  return routes.sort(compareRoutes);
}

/** Makes a route from a declaration, checking the method and path as API Gateway would. */
export function createRoute(decl: RouteDeclaration, where: string): ApiRoute {
  const method =
    decl.method === '*' || decl.method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : decl.method.toUpperCase();
  if (!METHODS.includes(method))
    throw new Error(`${where}: method must be one of ${METHODS.join(', ').toLowerCase()}, got ${decl.method}`);
  if (decl.path === '$default') return { ...decl, method: 'ANY', routeKey: '$default', segments: [] };
  const path = normalizePath(decl.path);
  const routeKey = decl.kind === 'http' ? `${method} ${path}` : path;
  return { ...decl, method, path, routeKey, segments: parseSegments(path, where) };
}

/** Gives a Lambda authorizer the function it names, from the route's own (nested) stack; throws when there is none. */
export function bindAuthorizer(route: ApiRoute, functions: FunctionSpec[]): ApiRoute {
  if (route.auth.kind !== 'lambda' || route.auth.authorizer.fn) return route;
  const authorizer = route.auth.authorizer;
  const fn =
    integrationFunction({ Ref: authorizer.functionRef }, stackFunctionsOf(route.fn, functions)) ??
    functions.find((f) => f.functionName === authorizer.functionRef);
  if (!fn)
    throw new Error(
      `authorizer ${authorizer.name}: its function ${authorizer.functionRef} is not a function of the template`,
    );
  return { ...route, auth: { kind: 'lambda', authorizer: { ...authorizer, fn } } };
}

function prop(event: EventSourceSpec, name: string): unknown {
  return event.properties[name] ?? event.properties[name.toLowerCase()];
}

function routeOf(fn: FunctionSpec, event: EventSourceSpec, settings: ApiSettings): ApiRoute {
  const where = `${fn.name} event ${event.name}`;
  const kind = event.type === 'Api' ? 'rest' : 'http';
  const rawPath = prop(event, 'Path');
  const rawMethod = prop(event, 'Method');
  const version = String(prop(event, 'PayloadFormatVersion') ?? (kind === 'rest' ? '1.0' : '2.0'));
  if (version !== '1.0' && version !== '2.0')
    throw new Error(`${where}: PayloadFormatVersion must be 1.0 or 2.0, got ${version}`);
  const eventAuth = isRecord(event.properties.Auth) ? event.properties.Auth : {};
  const picked = typeof eventAuth.Authorizer === 'string' ? eventAuth.Authorizer : undefined;
  const scopes = Array.isArray(eventAuth.AuthorizationScopes) ? eventAuth.AuthorizationScopes.map(String) : [];
  const serverless = fn.source === 'serverless' ? serverlessEventAccess(event) : undefined;
  const auth: RouteAuth = serverless?.iam ? { kind: 'iam' } : routeAuth(settings.auth, picked, where, scopes);
  const apiKeyRequired =
    serverless?.apiKeyRequired ||
    (typeof eventAuth.ApiKeyRequired === 'boolean'
      ? eventAuth.ApiKeyRequired
      : (settings.auth?.apiKeyRequired ?? false));
  const catchAll = (rawPath === undefined && rawMethod === undefined) || rawPath === '$default' || rawPath === '*';
  if (kind === 'http' && catchAll) {
    return {
      kind,
      method: 'ANY',
      path: '$default',
      routeKey: '$default',
      payloadFormatVersion: version,
      fn,
      eventName: event.name,
      settings,
      segments: [],
      auth,
      apiKeyRequired,
    };
  }
  if (typeof rawPath !== 'string' || rawPath.trim() === '')
    throw new Error(`${where}: Path must be a string such as /orders/{id}`);
  const method =
    typeof rawMethod === 'string'
      ? rawMethod === '*'
        ? 'ANY'
        : rawMethod.toUpperCase()
      : kind === 'http'
        ? 'ANY'
        : '';
  if (!METHODS.includes(method))
    throw new Error(`${where}: Method must be one of ${METHODS.join(', ').toLowerCase()}, got ${String(rawMethod)}`);
  const path = normalizePath(rawPath);
  const segments = parseSegments(path, where);
  const routeKey = kind === 'http' ? `${method} ${path}` : path;
  return {
    kind,
    method,
    path,
    routeKey,
    payloadFormatVersion: kind === 'rest' ? '1.0' : version,
    fn,
    eventName: event.name,
    settings,
    segments,
    auth,
    apiKeyRequired,
  };
}

/** `/a/b`, with one leading slash and no trailing one (serverless.yml writes paths without the leading slash). */
export function normalizePath(path: string): string {
  const trimmed = `/${path.trim().replace(/^\/+/, '')}`.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The parts of a normalised resource path; throws on parts API Gateway would refuse. */
export function parseSegments(path: string, where: string): Segment[] {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  return parts.map((part, i) => {
    const greedy = /^\{([A-Za-z0-9_.-]+)\+\}$/.exec(part);
    if (greedy) {
      if (i !== parts.length - 1)
        throw new Error(`${where}: the greedy parameter {${greedy[1]}+} must be the last part of the path ${path}`);
      return { kind: 'greedy', name: greedy[1] };
    }
    const param = /^\{([A-Za-z0-9_.-]+)\}$/.exec(part);
    if (param) return { kind: 'param', name: param[1] };
    if (/[{}]/.test(part))
      throw new Error(
        `${where}: '${part}' in ${path} is not a valid path part; parameters fill a whole part, e.g. /items/{id}`,
      );
    return { kind: 'static', value: part };
  });
}

const RANK = { static: 3, param: 2, greedy: 1 } as const;

/** Static parts beat parameters, parameters beat greedy parameters, a named method beats ANY, $default comes last. */
function compareRoutes(a: ApiRoute, b: ApiRoute): number {
  if (a.path === '$default' || b.path === '$default')
    return Number(a.path === '$default') - Number(b.path === '$default');
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const ra = a.segments[i] ? RANK[a.segments[i].kind] : 0;
    const rb = b.segments[i] ? RANK[b.segments[i].kind] : 0;
    if (ra !== rb) return rb - ra;
  }
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

/** The result of matching a request path against a route. */
export interface RouteMatch {
  route: ApiRoute;
  pathParameters: Record<string, string>;
}

/** Finds the most specific route (routes come sorted by buildRoutes) for a method and a still percent-encoded path. */
export function matchRoute(routes: ApiRoute[], method: string, rawPath: string): { match?: RouteMatch } {
  const parts = rawPath.replace(/\/+$/, '').split('/').slice(1);
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const params = route.path === '$default' ? {} : matchSegments(route.segments, parts);
    if (params) return { match: { route, pathParameters: params } };
  }
  return {};
}

/** The path parameters when a still percent-encoded path matches the segments, else undefined. */
export function matchPath(segments: Segment[], rawPath: string): Record<string, string> | undefined {
  return matchSegments(segments, rawPath.replace(/\/+$/, '').split('/').slice(1));
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'greedy') {
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).map(decode).join('/');
      return params;
    }
    if (i >= parts.length) return undefined;
    if (segment.kind === 'static' && decode(parts[i]) !== segment.value) return undefined;
    if (segment.kind === 'param') {
      if (parts[i] === '') return undefined;
      params[segment.name] = decode(parts[i]);
    }
  }
  return segments.length === parts.length ? params : undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // Not valid percent-encoding: API Gateway passes the segment as sent.
    return part;
  }
}
