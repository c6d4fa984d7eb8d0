import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** An HTTP request as the local API Gateway received it, before it becomes a Lambda event. */
export interface ApiRequest {
  method: string;
  /** The path as sent (percent-encoded), without the query string. */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQueryString: string;
  /** Header names as the client wrote them, in order, repeated headers kept. */
  rawHeaders: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  protocol: string;
  /** ms since epoch when the request arrived. */
  time: number;
  requestId: string;
}

/** API Gateway's request size limit: 10 MB. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Reads a Node request into an ApiRequest; rejects bodies over 10 MB with a message saying so. */
export async function readApiRequest(req: IncomingMessage, requestId: string): Promise<ApiRequest> {
  const body = await readBody(req);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawHeaders: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQueryString: q < 0 ? '' : url.slice(q + 1),
    rawHeaders,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${req.httpVersion}`,
    time: Date.now(),
    requestId,
  };
}

/**
 * The body, read with plain listeners: most requests have none, and an async iterator over each costs the local API
 * a few percent of its throughput (measured) in promises and stream machinery. Rejects past API Gateway's limit.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  if (req.complete && req.readableLength === 0) {
    // Nothing came with the headers and nothing more will: let the stream end on its own.
    req.resume();
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) return void chunks.push(chunk);
      // The rest is not read: the 413 goes out with `Connection: close`, which ends the connection after it.
      req.removeAllListeners('data');
      req.pause();
      reject(new RequestTooLarge(`the request body is over API Gateway's limit of ${MAX_REQUEST_BYTES} bytes`));
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export class RequestTooLarge extends Error {}

/**
 * `readApiRequest` with a new request id, a body over the limit answered by `tooLarge` (each front end words its 413
 * as the AWS service it stands for does) with the headers it is given, and then undefined. Those headers close the
 * connection: the rest of the body is never read.
 */
export async function readApiRequestOr413(
  req: IncomingMessage,
  tooLarge: (headers: Array<[string, string]>) => void,
): Promise<ApiRequest | undefined> {
  try {
    return await readApiRequest(req, randomUUID());
  } catch (error) {
    if (!(error instanceof RequestTooLarge)) throw error;
    tooLarge([['connection', 'close']]);
    return undefined;
  }
}

/** First value of a header, case-insensitively. */
export function header(request: ApiRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return request.rawHeaders.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** Query parameters in order, decoded (`+` as space), repeated keys kept. */
export function queryPairs(rawQueryString: string): Array<[string, string]> {
  if (!rawQueryString) return [];
  return rawQueryString
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return [decodeQuery(key), decodeQuery(value)];
    });
}

function decodeQuery(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: the value as sent.
    return text;
  }
}

/** API Gateway's request time format: `04/Mar/2020:19:15:17 +0000`. */
export function requestTimeText(ms: number): string {
  const d = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** Whether a content type matches a media-type pattern such as `image/png`, `image/*` or `*\/*`. */
export function mediaTypeMatches(contentType: string, pattern: string): boolean {
  const [type, subtype] = contentType.split(';')[0].trim().toLowerCase().split('/');
  const [ptype, psubtype] = pattern.trim().toLowerCase().split('/');
  return (ptype === '*' || ptype === type) && (psubtype === '*' || psubtype === subtype);
}

/** HTTP APIs pass text bodies as they are and base64-encode everything else. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/([\w.+-]+\+)?(json|xml)$/.test(type) ||
    type === 'application/javascript' ||
    type === 'application/graphql'
  );
}
