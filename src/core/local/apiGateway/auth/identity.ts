import { header, queryPairs, type ApiRequest } from '../httpRequest';
import type { ApiRoute } from '../routes';
import type { IdentitySource } from './types';

/** The value of each identity source, or the first one the request lacks (API Gateway then answers 401 unasked). */
export function identityValues(
  sources: IdentitySource[],
  route: ApiRoute,
  request: ApiRequest,
): { values: string[]; missing?: IdentitySource } {
  const values: string[] = [];
  for (const source of sources) {
    const value = identityValue(source, route, request);
    if (value === undefined || value === '') return { values, missing: source };
    values.push(value);
  }
  return { values };
}

function identityValue(source: IdentitySource, route: ApiRoute, request: ApiRequest): string | undefined {
  switch (source.in) {
    case 'header':
      return header(request, source.name);
    case 'query':
      return queryPairs(request.rawQueryString).find(([k]) => k === source.name)?.[1];
    case 'stageVariable':
      return route.settings.stageVariables?.[source.name];
    case 'context':
      // Context variables ($context.identity.sourceIp...) always have a value on a request that reached the API.
      return source.name;
  }
}

/** `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<resource path>`, the ARN authorizers are asked about. */
export function executeApiArn(route: ApiRoute, request: ApiRequest, region: string, accountId: string): string {
  const path = route.path === '$default' ? '$default' : route.path.replace(/^\//, '');
  return `arn:aws:execute-api:${region}:${accountId}:${route.settings.apiId}/${route.settings.stage}/${request.method}/${path}`;
}
