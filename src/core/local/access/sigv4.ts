import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** An HTTP request as signed: the path and query as sent on the wire (still percent-encoded). */
export interface SignedRequest {
  method: string;
  rawPath: string;
  rawQueryString: string;
  /** Header names as written, repeated headers kept. */
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Keys to verify signatures with: the user's own (environment or profile). */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Where they came from, for messages: `environment` or `profile default`. */
  origin: string;
}

/** What a SigV4 check found. */
export type SigV4Check =
  | { outcome: 'missing' }
  | { outcome: 'malformed'; reason: string }
  | { outcome: 'verified'; accessKeyId: string }
  | { outcome: 'mismatch'; accessKeyId: string }
  /** Well-formed, but signed with keys not known here (no local credentials, or another access key). */
  | { outcome: 'unverified'; accessKeyId: string; reason: string };

const AUTH =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;_.-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/i;

/**
 * Checks a Signature Version 4 `Authorization` header the way AWS does for API Gateway and function URLs:
 * rebuilds the canonical request (path segments URI-encoded again, as for every service but S3; query sorted;
 * the signed headers only; the payload hash from X-Amz-Content-Sha256 or the body), the string to sign with
 * X-Amz-Date and the credential scope, and compares HMAC signatures. Without the secret of the access key used
 * it can only say the header is well formed.
 */
export function checkSigV4(request: SignedRequest, credentials: LocalCredentials | undefined): SigV4Check {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return { outcome: 'missing' };
  const match = AUTH.exec(authorization.trim());
  if (!match)
    return {
      outcome: 'malformed',
      reason:
        'the Authorization header is not AWS4-HMAC-SHA256 Credential=…/date/region/service/aws4_request, SignedHeaders=…, Signature=…',
    };
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match;
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate))
    return { outcome: 'malformed', reason: 'X-Amz-Date is missing or not in the form 20260101T000000Z' };
  if (!amzDate.startsWith(date))
    return {
      outcome: 'malformed',
      reason: `the credential scope date ${date} is not the day of X-Amz-Date ${amzDate}`,
    };
  const signedHeaders = signedHeaderList.toLowerCase().split(';');
  if (!signedHeaders.includes('host')) return { outcome: 'malformed', reason: 'SignedHeaders must include host' };
  const missing = signedHeaders.find((name) => headerValue(request.headers, name) === undefined);
  if (missing) return { outcome: 'malformed', reason: `the signed header ${missing} is not in the request` };
  if (!credentials) return { outcome: 'unverified', accessKeyId, reason: 'no local AWS credentials to verify it with' };
  if (credentials.accessKeyId !== accessKeyId) {
    return {
      outcome: 'unverified',
      accessKeyId,
      reason: `it is signed with ${accessKeyId}, not the local credentials (${credentials.origin}, ${credentials.accessKeyId})`,
    };
  }
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  // A declared payload hash must be the body's: the signature covers the hash, not the bytes.
  if (payloadHash && payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(request.body))
    return { outcome: 'mismatch', accessKeyId };
  const canonical = [
    request.method.toUpperCase(),
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQueryString),
    signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers, name)}\n`).join(''),
    signedHeaders.join(';'),
    payloadHash ?? sha256(request.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(Buffer.from(canonical))].join('\n');
  let key: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
  for (const part of [date, region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(signature.toLowerCase(), 'hex');
  return timingSafeEqual(expected, given) ? { outcome: 'verified', accessKeyId } : { outcome: 'mismatch', accessKeyId };
}

function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  const values = headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
  return values.length ? values.join(',') : undefined;
}

function canonicalHeaderValue(headers: Array<[string, string]>, name: string): string {
  return headers
    .filter(([key]) => key.toLowerCase() === name)
    .map(([, value]) => value.trim().replace(/\s+/g, ' '))
    .join(',');
}

/** RFC 3986 encoding: everything but unreserved characters. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path normalised (no empty, `.` or `..` segments) and each segment encoded once more. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

function canonicalQuery(rawQueryString: string): string {
  if (!rawQueryString) return '';
  const pairs = rawQueryString
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decode(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
      return [uriEncode(key), uriEncode(value)] as const;
    })
    .filter(([key]) => key !== 'X-Amz-Signature');
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not valid percent-encoding: signed as sent, so the signature check decides.
    return text;
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
