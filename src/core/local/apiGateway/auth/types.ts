import type { FunctionSpec } from '../../../model';

/** Where an authorizer reads the caller's identity: a header, a query string parameter, a stage variable or the context. */
export interface IdentitySource {
  in: 'header' | 'query' | 'stageVariable' | 'context';
  name: string;
  /** As written in the template, for messages. */
  text: string;
}

/** A Lambda authorizer: REST `TOKEN`/`REQUEST` (payload 1.0) or HTTP API `REQUEST` (payload 1.0 or 2.0). */
export interface LambdaAuthorizer {
  kind: 'lambda';
  name: string;
  /** The authorizer's function logical id, as the template refers to it. */
  functionRef: string;
  /** Resolved when the routes are built: the function of the same template. */
  fn?: FunctionSpec;
  type: 'TOKEN' | 'REQUEST';
  /** Which API kind declared it: REST authorizers answer IAM policies; HTTP API ones may answer `{ isAuthorized }`. */
  api: 'rest' | 'http';
  payloadFormatVersion: '1.0' | '2.0';
  simpleResponses: boolean;
  identitySources: IdentitySource[];
  /** REST TOKEN authorizers: a token that does not match is refused (401) without invoking the function. */
  validationExpression?: string;
  /** AuthorizerResultTtlInSeconds as declared; results are not cached locally (every request invokes the authorizer). */
  ttlSeconds?: number;
}

/** An HTTP API JWT authorizer (or an OpenAPI `jwt` scheme). */
export interface JwtAuthorizer {
  kind: 'jwt';
  name: string;
  issuer: string;
  audience: string[];
  identitySources: IdentitySource[];
}

/**
 * How a route is protected. `iam` (SigV4) and `apiKeyRequired` are checked by the access step of the request path
 * (see access.ts); `cognito` user pool authorizers are passed through with a note.
 */
export type RouteAuth =
  | { kind: 'none' }
  | { kind: 'iam' }
  | { kind: 'cognito'; name: string }
  | { kind: 'lambda'; authorizer: LambdaAuthorizer }
  | { kind: 'jwt'; authorizer: JwtAuthorizer; scopes: string[] };

/** An authorizer as an API declares it (before a route picks it). */
export type Authorizer =
  LambdaAuthorizer | JwtAuthorizer | { kind: 'cognito'; name: string } | { kind: 'iam'; name: string };

/** The auth an API gives its routes unless a route says otherwise. */
export interface ApiAuth {
  authorizers: Record<string, Authorizer>;
  defaultAuthorizer?: string;
  apiKeyRequired: boolean;
}

export const NO_AUTH: RouteAuth = { kind: 'none' };

/**
 * Parses identity sources as templates write them: `method.request.header.Authorization`,
 * `method.request.querystring.token`, `$request.header.Authorization`, `$request.querystring.q`,
 * `stageVariables.x` / `$stageVariables.x`, `context.x` / `$context.x`; several separated by commas.
 */
export function parseIdentitySources(value: unknown, where: string): IdentitySource[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return items
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text) => {
      const m =
        /^(?:method\.request\.|\$request\.)(header|querystring)\.(.+)$/i.exec(text) ??
        /^\$?(stageVariables|context)\.(.+)$/.exec(text);
      if (!m)
        throw new Error(
          `${where}: identity source ${text} is not one of method.request.header.X, method.request.querystring.X, $request.header.X, $request.querystring.X, stageVariables.X, context.X`,
        );
      const kind = m[1].toLowerCase();
      const place =
        kind === 'header'
          ? 'header'
          : kind === 'querystring'
            ? 'query'
            : kind === 'stagevariables'
              ? 'stageVariable'
              : 'context';
      return { in: place, name: m[2], text } as IdentitySource;
    });
}
