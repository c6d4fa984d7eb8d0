import { restApiIdentity } from '../../events/restApiIdentity';
import type { ApiSettings } from './apiSettings';
import { header, mediaTypeMatches, queryPairs, requestTimeText, type ApiRequest } from './httpRequest';
import type { ApiRoute } from './routes';

/** Account id reported in request contexts locally. */
export const LOCAL_ACCOUNT_ID = '123456789012';

/**
 * The Lambda proxy event of payload format 1.0, as REST APIs (and HTTP APIs set to 1.0) build it: header names as
 * sent, `headers` holding the last value and `multiValueHeaders` every value, null for absent maps and body.
 */
export function buildEventV1(
  route: ApiRoute,
  request: ApiRequest,
  pathParameters: Record<string, string>,
): Record<string, unknown> {
  const settings: ApiSettings = route.settings;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.rawHeaders) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of queryPairs(request.rawQueryString)) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const binary = isBinaryForRest(settings, header(request, 'content-type'));
  const host = header(request, 'host') ?? 'localhost';
  const path = decodePath(request.rawPath);
  const hasHeaders = request.rawHeaders.length > 0;
  const hasQuery = Object.keys(query).length > 0;
  const event: Record<string, unknown> = {};
  if (route.kind === 'http') event.version = '1.0';
  Object.assign(event, {
    resource: route.kind === 'http' ? (route.path === '$default' ? '$default' : route.path) : route.path,
    path,
    httpMethod: request.method,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
    stageVariables: settings.stageVariables ?? null,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: settings.apiId,
      domainName: host,
      domainPrefix: host.split('.')[0].split(':')[0],
      extendedRequestId: request.requestId,
      httpMethod: request.method,
      identity: restApiIdentity(request.sourceIp, header(request, 'user-agent') ?? null),
      path: settings.stage === '$default' ? path : `/${settings.stage}${path}`,
      protocol: request.protocol,
      requestId: request.requestId,
      requestTime: requestTimeText(request.time),
      requestTimeEpoch: request.time,
      resourceId: settings.apiId.slice(0, 6),
      resourcePath: route.path,
      stage: settings.stage,
      ...(route.kind === 'http' ? { routeKey: route.routeKey } : {}),
    },
    body: request.body.length ? request.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: binary && request.body.length > 0,
  });
  return event;
}

function isBinaryForRest(settings: ApiSettings, contentType: string | undefined): boolean {
  return !!contentType && settings.binaryMediaTypes.some((pattern) => mediaTypeMatches(contentType, pattern));
}

function decodePath(rawPath: string): string {
  try {
    return decodeURI(rawPath);
  } catch {
    // Not valid percent-encoding: the path as sent.
    return rawPath;
  }
}
