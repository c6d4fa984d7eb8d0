import { isRecord } from '../cfnTemplate';

/** CORS settings of an API, normalised from SAM's `Cors` (REST), `CorsConfiguration` (HTTP API) or serverless.yml `cors`. */
export interface CorsRule {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

const DEFAULT_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'];

/** SAM writes REST CORS values as quoted strings (`"'*'"`, `"'GET,POST'"`); the quotes are not part of the value. */
function unquote(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.trim().replace(/^'(.*)'$/s, '$1');
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  const text = unquote(value);
  return text
    ? text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}

/** SAM `Cors` on AWS::Serverless::Api (a quoted origin string or an object of quoted strings). */
export function corsFromRestApi(value: unknown): CorsRule | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value === 'string') return anyMethod(list(value), DEFAULT_HEADERS);
  if (value === true) return anyMethod(['*'], DEFAULT_HEADERS);
  if (!isRecord(value))
    throw new Error(
      `Cors must be an origin string such as "'*'" or a mapping with AllowOrigin, got ${JSON.stringify(value)}`,
    );
  const maxAge = Number(unquote(String(value.MaxAge ?? '')));
  return {
    allowOrigins: list(value.AllowOrigin ?? "'*'"),
    allowMethods: value.AllowMethods === undefined ? ['*'] : list(value.AllowMethods),
    allowHeaders: value.AllowHeaders === undefined ? DEFAULT_HEADERS : list(value.AllowHeaders),
    exposeHeaders: [],
    maxAge: Number.isFinite(maxAge) && maxAge > 0 ? maxAge : undefined,
    allowCredentials: value.AllowCredentials === true || value.AllowCredentials === 'true',
  };
}

/** SAM `CorsConfiguration` on AWS::Serverless::HttpApi (true, or AllowOrigins/AllowMethods/... lists). */
export function corsFromHttpApi(value: unknown): CorsRule | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return anyMethod(['*'], ['*']);
  if (!isRecord(value))
    throw new Error(`CorsConfiguration must be true or a mapping with AllowOrigins, got ${JSON.stringify(value)}`);
  return corsConfiguration(value, 'PascalCase');
}

/**
 * An HTTP API CORS configuration: the same six fields, PascalCase in a template's CorsConfiguration and camelCase in
 * OpenAPI's `x-amazon-apigateway-cors`.
 */
export function corsConfiguration(value: Record<string, unknown>, casing: 'PascalCase' | 'camelCase'): CorsRule {
  const field = (name: string) => value[casing === 'PascalCase' ? name : name[0].toLowerCase() + name.slice(1)];
  const maxAge = field('MaxAge');
  return {
    allowOrigins: list(field('AllowOrigins')),
    allowMethods: list(field('AllowMethods')),
    allowHeaders: list(field('AllowHeaders')),
    exposeHeaders: list(field('ExposeHeaders')),
    maxAge: typeof maxAge === 'number' ? maxAge : undefined,
    allowCredentials: field('AllowCredentials') === true,
  };
}

/** serverless.yml `cors: true` or `{ origin(s), headers, allowCredentials, maxAge }` (http events and provider.httpApi.cors). */
export function corsFromServerless(value: unknown): CorsRule | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return anyMethod(['*'], DEFAULT_HEADERS);
  if (!isRecord(value))
    throw new Error(`cors must be true or a mapping with origin/origins, got ${JSON.stringify(value)}`);
  return {
    allowOrigins: list(value.origins ?? value.origin ?? value.allowedOrigins ?? '*'),
    allowMethods: list(value.methods ?? value.allowedMethods ?? '*'),
    allowHeaders:
      (value.headers ?? value.allowedHeaders) ? list(value.headers ?? value.allowedHeaders) : DEFAULT_HEADERS,
    exposeHeaders: list(value.exposedResponseHeaders),
    maxAge: typeof value.maxAge === 'number' ? value.maxAge : undefined,
    allowCredentials: value.allowCredentials === true,
  };
}

function originAllowed(rule: CorsRule, origin: string): string | undefined {
  if (rule.allowOrigins.includes('*')) return rule.allowCredentials ? origin : '*';
  return rule.allowOrigins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/** The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method), or undefined when the origin is not allowed. */
export function preflightHeaders(
  rule: CorsRule,
  origin: string,
  requestHeaders: string | undefined,
): Record<string, string> | undefined {
  const allowed = originAllowed(rule, origin);
  if (!allowed) return undefined;
  const headers: Record<string, string> = {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': rule.allowMethods.length ? rule.allowMethods.join(',') : '*',
  };
  const allowHeaders = rule.allowHeaders.includes('*') && requestHeaders ? requestHeaders : rule.allowHeaders.join(',');
  if (allowHeaders) headers['access-control-allow-headers'] = allowHeaders;
  if (rule.maxAge !== undefined) headers['access-control-max-age'] = String(rule.maxAge);
  if (rule.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (allowed !== '*') headers.vary = 'Origin';
  return headers;
}

/** Headers added to an actual response for an allowed origin (the handler's own CORS headers win). */
export function responseCorsHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const allowed = originAllowed(rule, origin);
  if (!allowed) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allowed };
  if (rule.exposeHeaders.length) headers['access-control-expose-headers'] = rule.exposeHeaders.join(',');
  if (rule.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (allowed !== '*') headers.vary = 'Origin';
  return headers;
}

/**
 * What the OPTIONS method SAM adds to a REST API with `Cors` answers: a MOCK integration returning the configured
 * values as written, whoever asks (the browser, not API Gateway, compares the origin).
 */
export function restMockCorsHeaders(rule: CorsRule): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-origin': rule.allowOrigins.join(','),
    'access-control-allow-methods': rule.allowMethods.length ? rule.allowMethods.join(',') : '*',
  };
  if (rule.allowHeaders.length) headers['access-control-allow-headers'] = rule.allowHeaders.join(',');
  if (rule.maxAge !== undefined) headers['access-control-max-age'] = String(rule.maxAge);
  if (rule.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

/** A rule for any method from `allowOrigins`, with `allowHeaders`, exposing nothing and without credentials. */
function anyMethod(allowOrigins: string[], allowHeaders: string[]): CorsRule {
  return { allowOrigins, allowMethods: ['*'], allowHeaders, exposeHeaders: [], allowCredentials: false };
}
