import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_SYNC_PAYLOAD_BYTES, type FunctionSpec } from '../model';
import { InvokeRequestError, type LocalRuntime } from '../runtime/localRuntime';
import type { InvocationResult } from '../runtime/types';
import { invokeCompleteEvent, payloadChunkEvent, type InvokeCompleteFields } from './eventStream';
import { sendError } from './lambdaResponses';
import { logTail } from './logTail';

/** InvokeWithResponseStream: `POST /2021-11-15/functions/{name}/response-streaming-invocations`. */
export const RESPONSE_STREAMING_PATH = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations\/?$/;

export interface ResponseStreamRequest {
  req: IncomingMessage;
  res: ServerResponse;
  runtime: LocalRuntime;
  fn: FunctionSpec;
  body: Buffer;
  size: number;
  qualifier: string;
  onInvoked?: (fn: FunctionSpec, result: InvocationResult) => void;
}

/**
 * Answers InvokeWithResponseStream in the event-stream encoding the SDK's InvokeWithResponseStreamCommand reads:
 * headers as soon as the function opens its stream (Content-Type is the stream's, as Lambda's
 * ResponseStreamContentType), one PayloadChunk per chunk as the runtime writes it, then InvokeComplete with the
 * error code and details of a failed invocation and, with `X-Amz-Log-Type: Tail`, the last 4 KB of its log.
 * A function that does not stream answers the same way with its whole response in one chunk, as on Lambda.
 */
export async function answerResponseStream(request: ResponseStreamRequest): Promise<void> {
  const { req, res, fn, qualifier } = request;
  if (req.method !== 'POST')
    return sendError(res, 405, 'UnknownOperationException', 'InvokeWithResponseStream takes POST');
  const type = headerOf(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type === 'DryRun') {
    res.writeHead(204, { 'x-amzn-RequestId': randomUUID() }).end();
    return;
  }
  if (type !== 'RequestResponse') {
    return sendError(
      res,
      400,
      'InvalidParameterValueException',
      `InvokeWithResponseStream takes X-Amz-Invocation-Type RequestResponse or DryRun, not ${type}`,
    );
  }
  if (request.size > MAX_SYNC_PAYLOAD_BYTES) {
    return sendError(
      res,
      413,
      'RequestTooLargeException',
      `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeWithResponseStream operation`,
    );
  }
  const open = (contentType: string) => {
    if (res.headersSent) return;
    res.writeHead(200, {
      'Content-Type': contentType,
      'X-Amz-Executed-Version': qualifier,
      'x-amzn-RequestId': requestId,
    });
    res.flushHeaders();
  };
  const requestId = randomUUID();
  const clientContext = headerOf(req, 'x-amz-client-context');
  let result: InvocationResult;
  try {
    result = await request.runtime.invoke(fn, request.body, {
      clientContext: clientContext ? Buffer.from(clientContext, 'base64').toString('utf8') : undefined,
      version: qualifier,
      stream: { onStart: open, onChunk: (chunk) => res.write(payloadChunkEvent(chunk)) },
    });
  } catch (error) {
    if (error instanceof InvokeRequestError && !res.headersSent)
      return sendError(res, error.statusCode, error.code, error.message);
    throw error;
  }
  request.onInvoked?.(fn, result);
  const complete: InvokeCompleteFields = {};
  if (!result.streamed) {
    open(result.functionError ? 'application/json' : 'application/octet-stream');
    if (!result.functionError && result.payload.length) res.write(payloadChunkEvent(result.payload));
  }
  if (result.functionError) {
    complete.ErrorCode = result.error?.errorType ?? 'Unhandled';
    complete.ErrorDetails = result.error?.errorMessage ?? result.payload.toString('utf8');
  }
  if (headerOf(req, 'x-amz-log-type') === 'Tail') complete.LogResult = logTail(result.logs);
  res.end(invokeCompleteEvent(complete));
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
