import type { IncomingMessage } from 'node:http';

/** Where the Runtime API server hands a streamed response (`Lambda-Runtime-Function-Response-Mode: streaming`). */
export interface ResponseStreamSink {
  chunk(data: Buffer): void;
  /** The stream ended; `error` when the runtime reported one in its trailers. */
  end(error?: { errorType: string; body: Buffer }): void;
}

/** The trailers a runtime sends when its handler fails mid-stream (the body is base64-encoded JSON). */
const ERROR_TYPE = 'lambda-runtime-function-error-type';
const ERROR_BODY = 'lambda-runtime-function-error-body';

/** Whether a POST to /invocation/{id}/response is a streamed response. */
export function isStreamingResponse(req: IncomingMessage): boolean {
  const mode = req.headers['lambda-runtime-function-response-mode'];
  return (Array.isArray(mode) ? mode[0] : mode)?.toLowerCase() === 'streaming';
}

/**
 * Reads a streamed response from the runtime chunk by chunk (HTTP/1.1 chunked transfer) into the sink, then its
 * trailers: `Lambda-Runtime-Function-Error-Type` and `Lambda-Runtime-Function-Error-Body` say the handler failed
 * after the stream had started. Resolves when the request has ended.
 */
export function receiveStream(req: IncomingMessage, sink: ResponseStreamSink): Promise<void> {
  return new Promise((resolve) => {
    let ended = false;
    req.on('data', (chunk: Buffer) => sink.chunk(chunk));
    req.on('end', () => {
      ended = true;
      const errorType = req.trailers[ERROR_TYPE];
      if (errorType) {
        const encoded = req.trailers[ERROR_BODY] ?? '';
        sink.end({ errorType, body: Buffer.from(encoded, 'base64') });
      } else sink.end();
      resolve();
    });
    // A stream that breaks off without its end is the runtime dying (or stopped): the instance's exit, or the
    // function's timeout, gives the invocation its one result.
    req.on('close', () => {
      if (!ended) resolve();
    });
  });
}
