import type { InvokeFn } from '../../runtime/types';
import { checkAccess, type AccessContext } from './access';
import { preflightHeaders, responseCorsHeaders, restMockCorsHeaders } from './cors';
import type { ApiDefinition } from './declared/stackScope';
import { matchMock } from './declared/mockRoutes';
import { buildEventV1 } from './eventV1';
import { buildEventV2 } from './eventV2';
import { header, type ApiRequest } from './httpRequest';
import { internalServerError, jsonResponse, mapResult, type ApiResponse } from './response';
import { matchRoute, sortRoutes, type ApiRoute } from './routes';
import type { FunctionSpec } from '../../model';

/** The APIs one listening address serves, and how it answers a request that matches none. */
export interface ServedApis {
  apis: ApiDefinition[];
  /** Every route of `apis`, most specific first. */
  routes: ApiRoute[];
  /** The main address also serves each API with a base path mapping under `/<base path>`. */
  basePaths: boolean;
}

/** What answering a request needs from the server. */
export interface PipelineContext {
  invoke: InvokeFn;
  access: AccessContext;
  log: (line: string) => void;
  /** The spec to run a function with (the WebSocket gateway's, when it serves the function too). */
  specFor: (fn: FunctionSpec) => FunctionSpec;
  /** The port the request came in on, for X-Forwarded-Port. */
  port: number;
}

export function servedApis(apis: ApiDefinition[], basePaths: boolean): ServedApis {
  return { apis, routes: sortRoutes(apis.flatMap((a) => a.routes)), basePaths };
}

/**
 * Answers one request as API Gateway would: base path mapping, MOCK methods (CORS preflights declared in the API),
 * CORS preflights from the API's CORS settings, route selection (most specific path, then a named method over ANY),
 * access checks (checkAccess: the one place), the event of the route's payload format, the function on the local
 * runtime, and the response mapped back.
 */
export async function answerRequest(
  served: ServedApis,
  incoming: ApiRequest,
  ctx: PipelineContext,
): Promise<ApiResponse> {
  let request = incoming;
  let { routes, apis } = served;
  if (served.basePaths) {
    const mapped = apis.find(
      (a) =>
        a.settings.basePath &&
        (request.rawPath === `/${a.settings.basePath}` || request.rawPath.startsWith(`/${a.settings.basePath}/`)),
    );
    if (mapped) {
      apis = [mapped];
      routes = mapped.routes;
      request = { ...request, rawPath: request.rawPath.slice(mapped.settings.basePath!.length + 1) || '/' };
    }
  }
  const origin = header(request, 'origin');
  if (request.method === 'OPTIONS') {
    const mock = apis.map((a) => matchMock(a.mocks, 'OPTIONS', request.rawPath)).find(Boolean);
    if (mock)
      return {
        statusCode: mock.statusCode,
        headers: [['content-type', 'application/json'], ...mock.headers],
        body: Buffer.alloc(0),
      };
  }
  const { match } = matchRoute(routes, request.method, request.rawPath);
  if (request.method === 'OPTIONS' && origin && header(request, 'access-control-request-method')) {
    const owner = corsOwner(routes, request.rawPath, match?.route);
    const headers =
      owner && preflightHeaders(owner.settings.cors!, origin, header(request, 'access-control-request-headers'));
    // SAM answers REST preflights with a mock integration (200); HTTP APIs answer them with 204.
    if (headers)
      return { statusCode: owner.kind === 'rest' ? 200 : 204, headers: Object.entries(headers), body: Buffer.alloc(0) };
  }
  if (request.method === 'OPTIONS' && match?.route.method !== 'OPTIONS') {
    const owner = corsOwner(routes, request.rawPath, match?.route);
    if (owner?.kind === 'rest')
      return {
        statusCode: 200,
        headers: [['content-type', 'application/json'], ...Object.entries(restMockCorsHeaders(owner.settings.cors!))],
        body: Buffer.alloc(0),
      };
  }
  if (!match) return notFound(apis);
  const { route, pathParameters } = match;
  request = withForwardedHeaders(request, ctx.port);
  const idHeader = route.kind === 'rest' ? 'x-amzn-RequestId' : 'apigw-requestid';
  const access = await checkAccess(route, request, pathParameters, ctx.access);
  if (!access.allow) {
    ctx.log(
      `${request.method} ${request.rawPath} -> ${route.fn.name}: ${access.response.statusCode} because ${access.reason}`,
    );
    access.response.headers.push([idHeader, request.requestId]);
    return access.response;
  }
  const event =
    route.payloadFormatVersion === '2.0'
      ? buildEventV2(route, request, pathParameters)
      : buildEventV1(route, request, pathParameters);
  if (access.authorizer) (event.requestContext as Record<string, unknown>).authorizer = access.authorizer;
  let mapped: ApiResponse | { reason: string };
  try {
    const result = await ctx.invoke(ctx.specFor(route.fn), JSON.stringify(event));
    mapped = mapResult(result, route.payloadFormatVersion, route.kind);
  } catch (error) {
    mapped = { reason: `the invoke was refused (${error instanceof Error ? error.message : String(error)})` };
  }
  if ('reason' in mapped) {
    ctx.log(`${request.method} ${request.rawPath} -> ${route.fn.name}: 502 because ${mapped.reason}`);
    mapped = internalServerError();
  }
  mapped.headers.push([idHeader, request.requestId]);
  if (origin && route.settings.cors) {
    const present = new Set(mapped.headers.map(([name]) => name.toLowerCase()));
    for (const [name, value] of Object.entries(responseCorsHeaders(route.settings.cors, origin))) {
      if (!present.has(name)) mapped.headers.push([name, value]);
    }
  }
  return mapped;
}

/** API Gateway adds the client's address, port and protocol to the headers the function sees. */
function withForwardedHeaders(request: ApiRequest, port: number): ApiRequest {
  const rawHeaders = [...request.rawHeaders];
  const forwardedFor = rawHeaders.findIndex(([name]) => name.toLowerCase() === 'x-forwarded-for');
  if (forwardedFor >= 0)
    rawHeaders[forwardedFor] = [rawHeaders[forwardedFor][0], `${rawHeaders[forwardedFor][1]}, ${request.sourceIp}`];
  else rawHeaders.push(['X-Forwarded-For', request.sourceIp]);
  if (!rawHeaders.some(([name]) => name.toLowerCase() === 'x-forwarded-port'))
    rawHeaders.push(['X-Forwarded-Port', String(port)]);
  if (!rawHeaders.some(([name]) => name.toLowerCase() === 'x-forwarded-proto'))
    rawHeaders.push(['X-Forwarded-Proto', 'http']);
  return { ...request, rawHeaders };
}

/** REST APIs answer an unknown path 403 Missing Authentication Token; HTTP APIs answer 404. */
function notFound(apis: ApiDefinition[]): ApiResponse {
  if (apis.length > 0 && apis.every((a) => a.kind === 'rest'))
    return jsonResponse(403, { message: 'Missing Authentication Token' }, [
      ['x-amzn-ErrorType', 'MissingAuthenticationTokenException'],
    ]);
  return jsonResponse(404, { message: 'Not Found' });
}

/** The route whose API's CORS settings answer a preflight: the matched route, a route on the same path, or any HTTP API with CORS. */
function corsOwner(routes: ApiRoute[], rawPath: string, matched: ApiRoute | undefined): ApiRoute | undefined {
  if (matched?.settings.cors) return matched;
  const samePath = routes.find(
    (r) => r.settings.cors && matchRoute([r], r.method === 'ANY' ? 'GET' : r.method, rawPath).match,
  );
  return samePath ?? routes.find((r) => r.kind === 'http' && r.settings.cors);
}
