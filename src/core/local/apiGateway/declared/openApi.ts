import type { FunctionSpec } from '../../../model';
import { isRecord } from '../../cfnTemplate';
import type { ApiSettings } from '../apiSettings';
import { openApiAuthorizer, routeAuth } from '../auth/declarations';
import type { ApiAuth, Authorizer } from '../auth/types';
import { corsConfiguration, type CorsRule } from '../cors';
import { integrationFunction } from '../integrationTarget';
import { createRoute, type ApiRoute } from '../routes';
import { mockFromResponseParameters, type MockRoute } from './mockRoutes';

type Obj = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'];

/** What an OpenAPI definition gives an API: its routes, OPTIONS mocks, authorizers, CORS, and what is not emulated. */
export interface OpenApiRoutes {
  routes: ApiRoute[];
  mocks: MockRoute[];
  auth: ApiAuth;
  cors?: CorsRule;
  notes: string[];
}

/**
 * Reads an OpenAPI 2 or 3 definition as API Gateway imports it: each operation's `x-amazon-apigateway-integration`
 * (`aws_proxy` to a function of the stack, `mock` for OPTIONS), `x-amazon-apigateway-any-method`, operation or
 * document `security` naming `securitySchemes`/`securityDefinitions` with `x-amazon-apigateway-authorizer`, and
 * (HTTP APIs) `x-amazon-apigateway-cors`.
 */
export function routesFromOpenApi(
  doc: Obj,
  kind: 'rest' | 'http',
  settings: ApiSettings,
  stackFunctions: FunctionSpec[],
  where: string,
): OpenApiRoutes {
  if (!isRecord(doc.paths)) throw new Error(`${where}: the OpenAPI definition has no paths`);
  const schemes =
    isRecord(doc.components) && isRecord(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : isRecord(doc.securityDefinitions)
        ? doc.securityDefinitions
        : {};
  const authorizers: Record<string, Authorizer> = { ...settings.auth?.authorizers };
  const apiKeySchemes = new Set<string>();
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isRecord(scheme)) continue;
    const authorizer = openApiAuthorizer(name, scheme, kind);
    if (authorizer === 'apiKey') apiKeySchemes.add(name);
    else if (authorizer) authorizers[name] = authorizer;
  }
  const auth: ApiAuth = {
    authorizers,
    defaultAuthorizer: settings.auth?.defaultAuthorizer,
    apiKeyRequired: settings.auth?.apiKeyRequired ?? false,
  };
  const cors = isRecord(doc['x-amazon-apigateway-cors'])
    ? corsConfiguration(doc['x-amazon-apigateway-cors'], 'camelCase')
    : settings.cors;
  const withAuth: ApiSettings = { ...settings, auth, ...(cors ? { cors } : {}) };
  const result: OpenApiRoutes = { routes: [], mocks: [], auth, notes: [] };
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method.toLowerCase()) || !isRecord(op)) continue;
      const at = `${where} ${method.toUpperCase()} ${path}`;
      const integration = isRecord(op['x-amazon-apigateway-integration'])
        ? op['x-amazon-apigateway-integration']
        : undefined;
      if (!integration) {
        result.notes.push(`${at} has no x-amazon-apigateway-integration; it is not served`);
        continue;
      }
      const type = String(integration.type ?? '').toLowerCase();
      if (type === 'mock') {
        const response =
          isRecord(integration.responses) && isRecord(integration.responses.default)
            ? integration.responses.default
            : {};
        result.mocks.push(
          mockFromResponseParameters(path, method, response.statusCode, response.responseParameters, at),
        );
        continue;
      }
      if (type !== 'aws_proxy') {
        result.notes.push(
          `${at}: a ${type || 'untyped'} integration is not emulated locally (only aws_proxy to a function, and mock)`,
        );
        continue;
      }
      const fn = integrationFunction(integration.uri, stackFunctions);
      if (!fn)
        throw new Error(
          `${at}: the integration uri ${JSON.stringify(integration.uri)} does not point at a function of the template`,
        );
      const security = Array.isArray(op.security)
        ? op.security
        : Array.isArray(doc.security)
          ? doc.security
          : undefined;
      const names = (security ?? []).flatMap((s) => (isRecord(s) ? Object.keys(s) : []));
      const picked = names.find((n) => !apiKeySchemes.has(n));
      const scopes = picked
        ? (security ?? []).flatMap((s) => (isRecord(s) && Array.isArray(s[picked]) ? s[picked].map(String) : []))
        : [];
      const version = String(integration.payloadFormatVersion ?? (kind === 'rest' ? '1.0' : '2.0'));
      if (version !== '1.0' && version !== '2.0')
        throw new Error(`${at}: payloadFormatVersion must be 1.0 or 2.0, got ${version}`);
      const route = createRoute(
        {
          kind,
          method: method.toUpperCase(),
          path: kind === 'http' && path === '/$default' ? '$default' : path,
          payloadFormatVersion: kind === 'rest' ? '1.0' : version,
          fn,
          eventName: 'OpenAPI',
          settings: withAuth,
          auth: routeAuth(auth, security ? (picked ?? 'NONE') : undefined, at, scopes),
          apiKeyRequired: names.some((n) => apiKeySchemes.has(n)) || auth.apiKeyRequired,
        },
        at,
      );
      result.routes.push(route);
    }
  }
  if (cors) result.cors = cors;
  return result;
}
