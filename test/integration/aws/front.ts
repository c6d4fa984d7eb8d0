import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
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
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const incoming: FrontRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
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
  };
  // A request whose body cannot be read (the client hung up) gets no answer.
  const server: Server = createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
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
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
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

/**
 * A Lambda API error answer as the Lambda API reference documents it (each action's "Errors" section, and "Common
 * Errors": https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html): the HTTP status of that error, its code
 * in the `X-Amzn-ErrorType` header, and a JSON body with `Type` and `message` (the exception structure the
 * reference and the SDKs' models give every Lambda error), which the SDK turns into the named exception class.
 */
export function awsError(status: number, type: string, message: string): FrontReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'front-error' },
    body: JSON.stringify({ Type: 'User', message }),
  };
}

/**
 * ResourceConflictException, HTTP 409 (UpdateFunctionCode and UpdateFunctionConfiguration, "Errors":
 * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html#API_UpdateFunctionCode_Errors): another
 * update of the function is in progress. The message names the function's ARN, as in "Lambda function states"
 * (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
 */
export function resourceConflict(functionArn: string): FrontReply {
  return awsError(
    409,
    'ResourceConflictException',
    `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn}`,
  );
}

/**
 * PreconditionFailedException, HTTP 412 (UpdateFunctionCode, "Errors", as above): the RevisionId sent is not the
 * function's latest.
 */
export function preconditionFailed(): FrontReply {
  return awsError(
    412,
    'PreconditionFailedException',
    'The RevisionId provided does not match the latest RevisionId for the Lambda function or alias. Call the GetFunction or the GetAlias API operation to retrieve the latest RevisionId for your resource.',
  );
}

/**
 * InvalidParameterValueException, HTTP 400 (CreateFunction, "Errors":
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors): among others, a role
 * that Lambda cannot assume yet (IAM's changes take a few seconds to reach Lambda).
 */
export function invalidParameterValue(message: string): FrontReply {
  return awsError(400, 'InvalidParameterValueException', message);
}

/**
 * AccessDeniedException, HTTP 403 ("Common Errors"), with IAM's message form for a call no policy allows
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): who, which action, on what.
 */
export function accessDenied(principalArn: string, action: string, resourceArn: string): FrontReply {
  return awsError(
    403,
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no identity-based policy allows the ${action} action`,
  );
}

/**
 * UnrecognizedClientException, HTTP 403 ("Common Errors"): the access key or session token is not known to AWS.
 */
export function unrecognizedClient(): FrontReply {
  return awsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
}

/**
 * A page of ListFunctions (https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html): `Functions` and,
 * while more remain, the `NextMarker` that the next request sends back as `Marker`.
 */
export function functionsPage(functions: unknown[], nextMarker: string | undefined): FrontReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      nextMarker === undefined ? { Functions: functions } : { Functions: functions, NextMarker: nextMarker },
    ),
  };
}

/**
 * The code behind GetFunction's `Code.Location`, a presigned Amazon S3 URL: the object itself (GetObject, HTTP 200), or
 * S3's XML error (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), e.g. 404 NoSuchKey
 * "The specified key does not exist." or 403 AccessDenied "Request has expired" for a URL past its expiry.
 */
export function s3Object(body: Buffer): FrontReply {
  return { status: 200, headers: { 'content-type': 'application/zip', 'content-length': String(body.length) }, body };
}

/** An Amazon S3 REST error answer (see `s3Object`). */
export function s3Error(status: number, code: string, message: string, key: string): FrontReply {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>front</HostId></Error>`;
  return { status, headers: { 'content-type': 'application/xml' }, body: xml };
}

/** Whether a request is the Lambda API call with this method whose path matches. */
export function isCall(req: FrontRequest, method: string, path: RegExp): boolean {
  return req.method === method && path.test(req.url.split('?')[0]);
}

/** The JSON body of a request or answer. */
export function json(body: Buffer): Record<string, unknown> {
  return body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
}
