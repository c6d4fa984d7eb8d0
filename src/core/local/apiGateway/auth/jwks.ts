import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** How long to wait for an issuer's OpenID configuration and keys before serving without the signature checked. */
const FETCH_TIMEOUT_MS = 3000;

/**
 * Fetches and caches issuers' signing keys the way API Gateway finds them: `<issuer>/.well-known/openid-configuration`
 * names the `jwks_uri`. A key id not in the cache fetches the set again (keys rotate).
 */
export class JwksCache {
  private readonly keys = new Map<string, Map<string, KeyObject>>();

  /** The key for `kid`, or a reason why it could not be had (unreachable issuer, unknown key id). */
  async key(
    issuer: string,
    kid: string | undefined,
  ): Promise<{ key?: KeyObject; unreachable?: string; unknown?: string }> {
    const cached = this.keys.get(issuer);
    const hit = cached && (kid ? cached.get(kid) : cached.values().next().value);
    if (hit) return { key: hit };
    let set: Map<string, KeyObject>;
    try {
      set = await fetchKeys(issuer);
    } catch (error) {
      return { unreachable: error instanceof Error ? error.message : String(error) };
    }
    this.keys.set(issuer, set);
    const key = kid ? set.get(kid) : set.values().next().value;
    return key ? { key } : { unknown: `the issuer's JWKS has no key ${kid ?? '(no kid in the token)'}` };
  }
}

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

async function fetchKeys(issuer: string): Promise<Map<string, KeyObject>> {
  const config = await fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (typeof config.jwks_uri !== 'string') throw new Error(`${issuer}'s OpenID configuration has no jwks_uri`);
  const jwks = await fetchJson(config.jwks_uri);
  const set = new Map<string, KeyObject>();
  for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as JsonWebKey[]) : []) {
    if (jwk.kty !== 'RSA') continue;
    set.set(String(jwk.kid ?? ''), createPublicKey({ key: jwk, format: 'jwk' }));
  }
  return set;
}
