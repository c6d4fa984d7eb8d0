import { isRecord } from '../cfnTemplate';
import type { InvocationResult } from '../../runtime/types';

/** What the local API Gateway sends back to the client. */
export interface ApiResponse {
  statusCode: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** A response API Gateway could not build: the client gets a 502, the reason goes to the logs. */
export interface ApiFailure {
  reason: string;
}

/** API Gateway's answer when the integration fails or returns something it cannot read. */
export function internalServerError(): ApiResponse {
  return jsonResponse(502, { message: 'Internal server error' });
}

export function jsonResponse(statusCode: number, value: unknown, extra: Array<[string, string]> = []): ApiResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json'], ...extra],
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** Maps an invocation result to the HTTP response the payload format defines, or says why API Gateway would answer 502. */
export function mapResult(
  result: InvocationResult,
  format: '1.0' | '2.0',
  kind: 'rest' | 'http' = format === '1.0' ? 'rest' : 'http',
): ApiResponse | ApiFailure {
  if (result.status !== 'success') {
    const error = result.error;
    const detail = error?.errorMessage
      ? `${error.errorType ?? 'Error'}: ${error.errorMessage}`
      : result.payload.toString('utf8');
    return { reason: `the function ${result.status === 'timeout' ? 'timed out' : 'failed'} (${detail})` };
  }
  const text = result.payload.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: `the function's response is not JSON: ${text.slice(0, 200)}` };
  }
  if (format === '2.0' && !(isRecord(value) && 'statusCode' in value)) {
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(text) };
  }
  const mapped = structured(value, format);
  // REST APIs answer application/json when the function names no Content-Type.
  if (
    kind === 'rest' &&
    !('reason' in mapped) &&
    !mapped.headers.some(([name]) => name.toLowerCase() === 'content-type')
  ) {
    mapped.headers.push(['Content-Type', 'application/json']);
  }
  return mapped;
}

function structured(value: unknown, format: '1.0' | '2.0'): ApiResponse | ApiFailure {
  const malformed = (why: string): ApiFailure => ({ reason: `malformed Lambda proxy response: ${why}` });
  if (!isRecord(value))
    return malformed(`expected an object with statusCode, got ${JSON.stringify(value)?.slice(0, 200)}`);
  const statusCode =
    typeof value.statusCode === 'string' && /^\d+$/.test(value.statusCode)
      ? Number(value.statusCode)
      : value.statusCode;
  // A 1xx is not a final response: API Gateway cannot send it and answers 502, as for any status outside 200-599.
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 200 || statusCode > 599) {
    return malformed(`statusCode must be a whole number from 200 to 599, got ${JSON.stringify(value.statusCode)}`);
  }
  // Both payload formats define body as a string: API Gateway does not serialise an object body, it reports a
  // malformed Lambda proxy response (502); only a 2.0 response without statusCode is taken whole as the body.
  if (value.body !== undefined && value.body !== null && typeof value.body !== 'string') {
    return malformed(`body must be a string (JSON.stringify objects), got ${typeof value.body}`);
  }
  if (value.isBase64Encoded !== undefined && typeof value.isBase64Encoded !== 'boolean')
    return malformed('isBase64Encoded must be true or false');
  // API Gateway merges headers and multiValueHeaders into one list; a name and value given in both appears once
  // (from multiValueHeaders), a name with different values in each keeps them all.
  const headers: Array<[string, string]> = [];
  const pairs = new Set<string>();
  if (value.multiValueHeaders !== undefined && value.multiValueHeaders !== null) {
    if (!isRecord(value.multiValueHeaders)) return malformed('multiValueHeaders must be an object of arrays');
    for (const [name, values] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(values)) return malformed(`multiValueHeaders.${name} must be an array`);
      for (const v of values) {
        headers.push([name, String(v)]);
        pairs.add(`${name.toLowerCase()}\n${String(v)}`);
      }
    }
  }
  if (value.headers !== undefined && value.headers !== null) {
    if (!isRecord(value.headers)) return malformed('headers must be an object of strings');
    for (const [name, v] of Object.entries(value.headers)) {
      if (isRecord(v) || Array.isArray(v)) return malformed(`headers.${name} must be a string`);
      if (!pairs.has(`${name.toLowerCase()}\n${String(v)}`)) headers.push([name, String(v)]);
    }
  }
  if (format === '2.0' && value.cookies !== undefined) {
    if (!Array.isArray(value.cookies)) return malformed('cookies must be an array of strings');
    for (const cookie of value.cookies) headers.push(['set-cookie', String(cookie)]);
  }
  const body =
    typeof value.body === 'string'
      ? Buffer.from(value.body, value.isBase64Encoded ? 'base64' : 'utf8')
      : Buffer.alloc(0);
  return { statusCode, headers, body };
}
