import type { InvokeFn } from '../../runtime/types';
import { checkJwt } from './auth/jwtAuthorizer';
import type { JwksCache } from './auth/jwks';
import { runLambdaAuthorizer, type AccessDecision } from './auth/lambdaAuthorizer';
import type { ApiRequest } from './httpRequest';
import type { ApiRoute } from './routes';

export type { AccessDecision } from './auth/lambdaAuthorizer';

/**
 * A check of API Gateway's that runs before the authorizer (API keys, SigV4): undefined to let the request go on,
 * a decision to answer it.
 */
export type AccessCheck = (
  route: ApiRoute,
  request: ApiRequest,
) => Promise<AccessDecision | undefined> | AccessDecision | undefined;

/** What the access step needs from the server. */
export interface AccessContext {
  invoke: InvokeFn;
  region: string;
  jwks: JwksCache;
  /** Checks added by the server's owner (`StartApiOptions.accessChecks`), run in order before the authorizer. */
  checks: AccessCheck[];
  /** A line for the log, each distinct one said once (what is not enforced locally). */
  noteOnce: (line: string) => void;
  /** A line for the log every time (a JWT accepted without its signature checked). */
  note: (line: string) => void;
}

/**
 * THE place in the request path where access is decided, after the route is matched and before its function runs,
 * in API Gateway's order: the added checks (API key for `route.apiKeyRequired`, SigV4 for `route.auth.kind === 'iam'`),
 * then the route's authorizer (Lambda or JWT). Whatever none of them enforces passes with a note said once.
 * `allow` carries what goes into the event's `requestContext.authorizer`.
 */
export async function checkAccess(
  route: ApiRoute,
  request: ApiRequest,
  pathParameters: Record<string, string>,
  ctx: AccessContext,
): Promise<AccessDecision> {
  for (const check of ctx.checks) {
    const decision = await check(route, request);
    if (decision) return decision;
  }
  if (route.apiKeyRequired && !ctx.checks.length)
    ctx.noteOnce('API keys (ApiKeyRequired) are not checked locally; requests pass without x-api-key');
  const auth = route.auth;
  switch (auth.kind) {
    case 'none':
      return { allow: true };
    case 'lambda':
      return runLambdaAuthorizer(auth.authorizer, route, request, pathParameters, ctx.invoke, ctx.region);
    case 'jwt':
      return checkJwt(auth.authorizer, auth.scopes, route, request, ctx.jwks, ctx.note);
    case 'cognito':
      ctx.noteOnce(
        `Cognito user pool authorizer ${auth.name} is not enforced locally; requests pass without a token check`,
      );
      return { allow: true };
    case 'iam':
      if (!ctx.checks.length)
        ctx.noteOnce('AWS_IAM routes are not enforced locally; requests pass without a SigV4 check');
      return { allow: true };
  }
}
