import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** One invocation as `GET /runtime/invocation/next` returns it. */
export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId?: string;
  clientContext?: string;
  cognitoIdentity?: string;
  body: Buffer;
}

const VERSION = '2018-06-01';

/** The runtime side of the Lambda Runtime API, on node:http with one kept-alive connection (no fetch: it loads slowly). */
export class RuntimeApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly host: string;
  private readonly port: number;

  constructor(endpoint: string) {
    const [host, port] = endpoint.split(':');
    this.host = host;
    this.port = Number(port) || 80;
  }

  async next(): Promise<NextInvocation> {
    const { headers, body } = await this.send('GET', `/${VERSION}/runtime/invocation/next`);
    const h = (name: string) => single(headers[name]);
    return {
      requestId: h('lambda-runtime-aws-request-id') ?? '',
      deadlineMs: Number(h('lambda-runtime-deadline-ms') ?? Date.now() + 3000),
      invokedFunctionArn: h('lambda-runtime-invoked-function-arn') ?? '',
      traceId: h('lambda-runtime-trace-id'),
      clientContext: h('lambda-runtime-client-context'),
      cognitoIdentity: h('lambda-runtime-cognito-identity'),
      body,
    };
  }

  /** Posts a response; returns the status so the caller can react to 413 (payload too large). */
  async respond(requestId: string, body: string): Promise<number> {
    return (await this.send('POST', `/${VERSION}/runtime/invocation/${encodeURIComponent(requestId)}/response`, body)).status;
  }

  async fail(requestId: string, error: { errorType: string }): Promise<void> {
    await this.send('POST', `/${VERSION}/runtime/invocation/${encodeURIComponent(requestId)}/error`, JSON.stringify(error), {
      'Lambda-Runtime-Function-Error-Type': error.errorType,
    });
  }

  async initError(error: { errorType: string }): Promise<void> {
    await this.send('POST', `/${VERSION}/runtime/init/error`, JSON.stringify(error), { 'Lambda-Runtime-Function-Error-Type': error.errorType });
  }

  private send(method: string, path: string, body?: string, extra: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...extra };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      const req = request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
