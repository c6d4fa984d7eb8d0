import { DescriptorChannel } from './descriptorChannel';
import { HttpConnection } from './httpConnection';
import { SocketChannel } from './socketChannel';

/** One invocation as `GET /runtime/invocation/next` returns it. */
export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId?: string;
  clientContext?: string;
  cognitoIdentity?: string;
  tenantId?: string;
  body: Buffer;
}

/** The Runtime API refused `/next`: the runtime cannot go on, as with Lambda's own clients. */
export class NextInvocationError extends Error {
  constructor(
    readonly status: number,
    body: Buffer,
  ) {
    super(`GET /runtime/invocation/next answered ${status}: ${body.subarray(0, 200).toString('utf8')}`);
    this.name = 'Runtime.NextInvocationError';
  }
}

const VERSION = '2018-06-01';

/**
 * The runtime side of the Lambda Runtime API, over one kept-alive connection: to `endpoint` over TCP, or over the
 * descriptor `fd` when the instance was started with one (see DescriptorChannel).
 */
export class RuntimeApiClient {
  private readonly connection: HttpConnection;
  private nexts = 0;

  constructor(endpoint: string, fd?: number) {
    const [host, port] = endpoint.split(':');
    const channel = fd === undefined ? SocketChannel.tcp(host, Number(port) || 80) : new DescriptorChannel(fd);
    this.connection = new HttpConnection(channel, endpoint);
  }

  /** Connects now, so that the first `next` finds the connection made (see HttpConnection.open). */
  open(): void {
    this.connection.open();
  }

  async next(): Promise<NextInvocation> {
    // From the second `next` on, the first invocation is over: the moment to get ready for warm ones.
    if (this.nexts++ > 0) this.connection.warm();
    const { status, headers, body } = await this.connection.request('GET', `/${VERSION}/runtime/invocation/next`);
    if (status !== 200) throw new NextInvocationError(status, body);
    const h = (name: string): string | undefined => headers[name];
    // Header values arrive as raw UTF-8 bytes, read one character per byte: decoded back to text here.
    const text = (name: string): string | undefined =>
      headers[name] === undefined ? undefined : Buffer.from(headers[name], 'latin1').toString('utf8');
    return {
      requestId: h('lambda-runtime-aws-request-id') ?? '',
      deadlineMs: Number(h('lambda-runtime-deadline-ms') ?? Date.now() + 3000),
      invokedFunctionArn: h('lambda-runtime-invoked-function-arn') ?? '',
      traceId: h('lambda-runtime-trace-id'),
      clientContext: text('lambda-runtime-client-context'),
      cognitoIdentity: text('lambda-runtime-cognito-identity'),
      tenantId: text('lambda-runtime-aws-tenant-id'),
      body,
    };
  }

  /** Posts a response; returns the status so the caller can react to 413 (payload too large). */
  async respond(requestId: string, body: string): Promise<number> {
    return (
      await this.connection.request(
        'POST',
        `/${VERSION}/runtime/invocation/${encodeURIComponent(requestId)}/response`,
        body,
      )
    ).status;
  }

  async fail(requestId: string, error: { errorType: string }): Promise<void> {
    await this.connection.request(
      'POST',
      `/${VERSION}/runtime/invocation/${encodeURIComponent(requestId)}/error`,
      JSON.stringify(error),
      {
        'Lambda-Runtime-Function-Error-Type': error.errorType,
      },
    );
  }

  async initError(error: { errorType: string }): Promise<void> {
    await this.connection.request('POST', `/${VERSION}/runtime/init/error`, JSON.stringify(error), {
      'Lambda-Runtime-Function-Error-Type': error.errorType,
    });
  }
}
