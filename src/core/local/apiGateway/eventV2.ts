import { LOCAL_ACCOUNT_ID } from './eventV1';
import { header, isTextContentType, queryPairs, requestTimeText, type ApiRequest } from './httpRequest';
import type { ApiRoute } from './routes';

/** What a payload 2.0 event takes from the request as it came, the same for HTTP APIs and function URLs. */
export interface PayloadV2Parts {
  /** Lower-case names, repeated values joined by commas, without `cookie`. */
  headers: Record<string, string>;
  /** The `cookie` header's cookies, one an item. */
  cookies: string[];
  /** Repeated values joined by commas. */
  query: Record<string, string>;
  /** `requestContext.http`. */
  http: Record<string, string>;
}

/** Splits a request into the parts every payload 2.0 event carries. */
export function payloadV2Parts(request: ApiRequest): PayloadV2Parts {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of request.rawHeaders) {
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of queryPairs(request.rawQueryString))
    query[name] = name in query ? `${query[name]},${value}` : value;
  const http = {
    method: request.method,
    path: request.rawPath,
    protocol: request.protocol,
    sourceIp: request.sourceIp,
    userAgent: header(request, 'user-agent') ?? '',
  };
  return { headers, cookies, query, http };
}

/**
 * The Lambda proxy event of payload format 2.0 (HTTP APIs): lower-case header names with repeated values joined by
 * commas, cookies taken out of the headers, repeated query values joined by commas, absent fields left out.
 */
export function buildEventV2(
  route: ApiRoute,
  request: ApiRequest,
  pathParameters: Record<string, string>,
): Record<string, unknown> {
  const { headers, cookies, query, http } = payloadV2Parts(request);
  const host = header(request, 'host') ?? 'localhost';
  const binary = !isTextContentType(header(request, 'content-type'));
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
  };
  if (cookies.length) event.cookies = cookies;
  event.headers = headers;
  if (Object.keys(query).length) event.queryStringParameters = query;
  event.requestContext = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: route.settings.apiId,
    domainName: host,
    domainPrefix: host.split('.')[0].split(':')[0],
    http,
    requestId: request.requestId,
    routeKey: route.routeKey,
    stage: route.settings.stage,
    time: requestTimeText(request.time),
    timeEpoch: request.time,
  };
  if (request.body.length) event.body = request.body.toString(binary ? 'base64' : 'utf8');
  if (Object.keys(pathParameters).length) event.pathParameters = pathParameters;
  event.isBase64Encoded = binary && request.body.length > 0;
  if (route.settings.stageVariables) event.stageVariables = route.settings.stageVariables;
  return event;
}
