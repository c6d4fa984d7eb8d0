import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A JSON answer with Lambda's request id header. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': randomUUID(),
    })
    .end(text);
}

/** Errors the way Lambda's REST-JSON protocol sends them, so the SDK raises the named exception. */
export function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify({ Type: 'User', Message: message, message, ...extra });
  res
    .writeHead(status, {
      'Content-Type': 'application/json',
      'x-amzn-ErrorType': type,
      'x-amzn-RequestId': randomUUID(),
      'Content-Length': Buffer.byteLength(text),
    })
    .end(text);
}
