import { verify } from 'node:crypto';
import type { ApiRequest } from '../httpRequest';
import type { ApiRoute } from '../routes';
import { identityValues } from './identity';
import type { JwksCache } from './jwks';
import { unauthorized, type AccessDecision } from './lambdaAuthorizer';
import type { JwtAuthorizer } from './types';
import { jsonResponse } from '../response';

/** API Gateway's JWT authorizers accept RSA signatures only. */
const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

function part(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Not base64url JSON: the token is malformed, and answered 401.
    return undefined;
  }
}

/**
 * Checks a JWT as an HTTP API JWT authorizer does: the token from the identity source (`Bearer ` prefix optional),
 * well-formed, `iss` equal to the issuer, `aud` (or `client_id`) one of the audiences, `exp` in the future and `nbf`
 * past, the route's scopes in `scope`/`scp`, and the RS256/384/512 signature against the issuer's JWKS. When the
 * issuer cannot be reached, the token is accepted without its signature checked and `onNote` says so.
 */
export async function checkJwt(
  authorizer: JwtAuthorizer,
  scopes: string[],
  route: ApiRoute,
  request: ApiRequest,
  jwks: JwksCache,
  onNote: (line: string) => void,
  now = Date.now(),
): Promise<AccessDecision> {
  const { values, missing } = identityValues(authorizer.identitySources, route, request);
  if (missing) return unauthorized(`JWT authorizer ${authorizer.name}: the request has no ${missing.text}`);
  const token = values[0].replace(/^Bearer\s+/i, '');
  const pieces = token.split('.');
  const head = pieces.length === 3 ? part(pieces[0]) : undefined;
  const claims = pieces.length === 3 ? part(pieces[1]) : undefined;
  if (!head || !claims)
    return unauthorized(`JWT authorizer ${authorizer.name}: the token is not a JWT (three base64url JSON parts)`);
  if (claims.iss !== authorizer.issuer)
    return unauthorized(
      `JWT authorizer ${authorizer.name}: iss ${JSON.stringify(claims.iss)} is not ${authorizer.issuer}`,
    );
  const audiences = [claims.aud, claims.client_id]
    .flat()
    .filter((a) => a !== undefined)
    .map(String);
  if (!audiences.some((a) => authorizer.audience.includes(a)))
    return unauthorized(
      `JWT authorizer ${authorizer.name}: aud ${JSON.stringify(audiences)} is none of ${authorizer.audience.join(', ')}`,
    );
  const seconds = now / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds)
    return unauthorized(`JWT authorizer ${authorizer.name}: the token has expired (or has no exp)`);
  if (typeof claims.nbf === 'number' && claims.nbf > seconds)
    return unauthorized(`JWT authorizer ${authorizer.name}: the token is not valid yet (nbf)`);
  const digest = ALGORITHMS[String(head.alg)];
  if (!digest)
    return unauthorized(
      `JWT authorizer ${authorizer.name}: alg ${String(head.alg)} is not one API Gateway accepts (RS256, RS384, RS512)`,
    );
  const found = await jwks.key(authorizer.issuer, typeof head.kid === 'string' ? head.kid : undefined);
  if (found.unreachable) {
    onNote(
      `JWT authorizer ${authorizer.name}: signature NOT checked, the issuer's keys could not be fetched (${found.unreachable}); the claims were checked`,
    );
  } else if (!found.key) {
    return unauthorized(`JWT authorizer ${authorizer.name}: ${found.unknown}`);
  } else if (
    !verify(digest, Buffer.from(`${pieces[0]}.${pieces[1]}`), found.key, Buffer.from(pieces[2], 'base64url'))
  ) {
    return unauthorized(`JWT authorizer ${authorizer.name}: the signature does not match the issuer's key`);
  }
  const granted = String(claims.scope ?? claims.scp ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (scopes.length && !scopes.some((s) => granted.includes(s))) {
    return {
      allow: false,
      response: jsonResponse(403, { message: 'Forbidden' }),
      reason: `JWT authorizer ${authorizer.name}: the token has none of the scopes ${scopes.join(', ')}`,
    };
  }
  const context =
    route.payloadFormatVersion === '2.0'
      ? { jwt: { claims, scopes: granted.length ? granted : null } }
      : { claims, scopes: granted.length ? granted : null };
  return { allow: true, authorizer: context };
}
