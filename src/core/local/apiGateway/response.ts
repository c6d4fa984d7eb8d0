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
  return { statusCode, headers: [['content-type', 'application/json'], ...extra], body: Buffer.from(JSON.stringify(value)) };
}

/** Maps an invocation result to the HTTP response the payload format defines, or says why API Gateway would answer 502. */
export function mapResult(result: InvocationResult, format: '1.0' | '2.0'): ApiResponse | ApiFailure {
  if (result.status !== 'success') {
    const error = result.error;
    const detail = error?.errorMessage ? `${error.errorType ?? 'Error'}: ${error.errorMessage}` : result.payload.toString('utf8');
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
  return structured(value, format);
}

function structured(value: unknown, format: '1.0' | '2.0'): ApiResponse | ApiFailure {
  const malformed = (why: string): ApiFailure => ({ reason: `malformed Lambda proxy response: ${why}` });
  if (!isRecord(value)) return malformed(`expected an object with statusCode, got ${JSON.stringify(value)?.slice(0, 200)}`);
  const statusCode = typeof value.statusCode === 'string' && /^\d+$/.test(value.statusCode) ? Number(value.statusCode) : value.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return malformed(`statusCode must be a whole number from 100 to 599, got ${JSON.stringify(value.statusCode)}`);
  }
  if (value.body !== undefined && value.body !== null && typeof value.body !== 'string') {
    return malformed(`body must be a string (JSON.stringify objects), got ${typeof value.body}`);
  }
  if (value.isBase64Encoded !== undefined && typeof value.isBase64Encoded !== 'boolean') return malformed('isBase64Encoded must be true or false');
  const headers: Array<[string, string]> = [];
  const named = new Set<string>();
  if (value.multiValueHeaders !== undefined && value.multiValueHeaders !== null) {
    if (!isRecord(value.multiValueHeaders)) return malformed('multiValueHeaders must be an object of arrays');
    for (const [name, values] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(values)) return malformed(`multiValueHeaders.${name} must be an array`);
      for (const v of values) headers.push([name, String(v)]);
      named.add(name.toLowerCase());
    }
  }
  if (value.headers !== undefined && value.headers !== null) {
    if (!isRecord(value.headers)) return malformed('headers must be an object of strings');
    for (const [name, v] of Object.entries(value.headers)) {
      if (isRecord(v) || Array.isArray(v)) return malformed(`headers.${name} must be a string`);
      if (!named.has(name.toLowerCase())) headers.push([name, String(v)]);
    }
  }
  if (format === '2.0' && value.cookies !== undefined) {
    if (!Array.isArray(value.cookies)) return malformed('cookies must be an array of strings');
    for (const cookie of value.cookies) headers.push(['set-cookie', String(cookie)]);
  }
  const body = typeof value.body === 'string' ? Buffer.from(value.body, value.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { statusCode, headers, body };
}
