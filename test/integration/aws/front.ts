import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the front server saw it. */
export interface FrontRequest {
  method: string;
  /** Path and query, e.g. `/2015-03-31/functions/f/code`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTP answer. */
export interface FrontReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * One special case. `reply` answers instead of moto; `rewrite` changes moto's answer. A rule applies at most
 * `times` times (forever when unset).
 */
export interface FrontRule {
  match: (req: FrontRequest) => boolean;
  reply?: (req: FrontRequest) => FrontReply | Promise<FrontReply>;
  rewrite?: (req: FrontRequest, upstream: FrontReply & { body: Buffer }) => FrontReply;
  times?: number;
}

/** A loopback HTTP server in front of moto: forwards everything, except what a rule answers as AWS documents it. */
export interface Front {
  url: string;
  rules: FrontRule[];
  /** Every request received, in order. */
  requests: FrontRequest[];
  close(): Promise<void>;
}

/** Starts a front server for `target` (moto's endpoint) on an ephemeral loopback port. */
export async function startFront(target: string): Promise<Front> {
  const upstream = new URL(target);
  const rules: FrontRule[] = [];
  const requests: FrontRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const incoming: FrontRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(incoming);
    const rule = rules.find((r) => (r.times === undefined || r.times > 0) && r.match(incoming));
    if (rule && rule.times !== undefined) rule.times--;
    try {
      let reply: FrontReply;
      if (rule?.reply) reply = await rule.reply(incoming);
      else {
        const answer = await forward(upstream, incoming);
        reply = rule?.rewrite ? rule.rewrite(incoming, answer) : answer;
      }
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
      const headers: Record<string, string> = { ...(reply.headers ?? {}), 'content-length': String(body.length) };
      // Hop-by-hop headers of moto's answer describe moto's connection, not this one.
      for (const name of ['transfer-encoding', 'connection', 'keep-alive']) delete headers[name];
      res.writeHead(reply.status, headers);
      res.end(body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`front server: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rules,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(upstream: URL, req: FrontRequest): Promise<FrontReply & { body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    out.on('timeout', () => out.destroy(new Error('moto did not answer within 15 s')));
    out.on('error', reject);
    out.end(req.body);
  });
}

/** A Lambda-style error answer: the status, the error type header and the JSON body the SDK parses. */
export function awsError(status: number, type: string, message: string): FrontReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'front-error' },
    body: JSON.stringify({ Type: 'User', message }),
  };
}

/** Whether a request is the Lambda API call with this method whose path matches. */
export function isCall(req: FrontRequest, method: string, path: RegExp): boolean {
  return req.method === method && path.test(req.url.split('?')[0]);
}

/** The JSON body of a request or answer. */
export function json(body: Buffer): Record<string, unknown> {
  return body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
}
