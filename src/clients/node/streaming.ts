import type { ResponseStream } from './responseStream';

/** The markers Lambda's Node.js runtime puts on a handler wrapped by `awslambda.streamifyResponse`. */
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');

/** The content type that tells function URLs and API Gateway the stream starts with a JSON prelude. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

type StreamingHandler = ((event: unknown, responseStream: ResponseStream, context: unknown) => unknown) & {
  [STREAMING]?: string;
  [HIGH_WATER_MARK]?: number;
};

/** Marks a handler as streaming, like `awslambda.streamifyResponse` on Lambda. */
function streamifyResponse<T extends StreamingHandler>(handler: T, options?: { highWaterMark?: number }): T {
  if (typeof handler !== 'function') throw new TypeError('awslambda.streamifyResponse expects a handler function');
  handler[STREAMING] = 'response';
  if (options?.highWaterMark) handler[HIGH_WATER_MARK] = options.highWaterMark;
  return handler;
}

/** `awslambda.HttpResponseStream.from(stream, { statusCode, headers, cookies })` for function URLs and API Gateway. */
class HttpResponseStream {
  static from(stream: ResponseStream, prelude: Record<string, unknown>): ResponseStream {
    stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    stream.setPrelude(Buffer.concat([Buffer.from(JSON.stringify(prelude ?? {})), Buffer.alloc(8)]));
    return stream;
  }
}

/** Defines the `awslambda` global that Lambda's Node.js runtimes always provide. */
export function installAwsLambdaGlobal(): void {
  Object.defineProperty(globalThis, 'awslambda', {
    value: { streamifyResponse, HttpResponseStream },
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** The stream of a streaming handler, or undefined for a buffered handler. */
export function responseStreamFor(handler: unknown, endpoint: string, requestId: string): ResponseStream | undefined {
  const marked = handler as StreamingHandler;
  if (marked[STREAMING] !== 'response') return undefined;
  // Loaded on first use: node:stream costs a cold start several milliseconds, and only streaming handlers need it.
  const { ResponseStream } = require('./responseStream') as typeof import('./responseStream');
  return new ResponseStream(endpoint, requestId, marked[HIGH_WATER_MARK]);
}
