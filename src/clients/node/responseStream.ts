import type { ClientRequest } from 'node:http';
import { Writable } from 'node:stream';
import type { ErrorBody } from './errors';

/**
 * A response stream as Lambda's Node.js runtime hands it to a streaming handler: a Writable whose bytes go to the
 * Runtime API as they are written (chunked transfer, `Lambda-Runtime-Function-Response-Mode: streaming`). The
 * request opens on the first write or at the end, so `setContentType` works until then.
 */
export class ResponseStream extends Writable {
  private request?: ClientRequest;
  private answered?: Promise<number>;
  private contentType = 'application/octet-stream';
  private prelude?: Buffer;

  constructor(
    private readonly endpoint: string,
    private readonly requestId: string,
    highWaterMark: number | undefined,
  ) {
    super(highWaterMark ? { highWaterMark } : {});
  }

  /** Sets the stream's content type; only before anything is written. */
  setContentType(contentType: string): void {
    if (this.request) throw new Error('The content type of a response stream cannot change after the first write');
    this.contentType = contentType;
  }

  /** Sent ahead of the body (HttpResponseStream.from): the JSON prelude and its 8-NUL-byte delimiter. */
  setPrelude(prelude: Buffer): void {
    if (this.request)
      throw new Error('HttpResponseStream.from must be called before anything is written to the stream');
    this.prelude = prelude;
  }

  /** Whether the Runtime API has seen this stream yet. */
  get opened(): boolean {
    return this.request !== undefined;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.open().write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.open().end(() => callback());
  }

  /** Ends the stream normally (when the handler's promise resolves) and waits for the Runtime API's answer. */
  async finish(): Promise<void> {
    if (!this.writableEnded) this.end();
    await new Promise<void>((resolve) => (this.writableFinished ? resolve() : this.once('finish', () => resolve())));
    await this.answered;
  }

  /** Ends the stream with the handler's error in the trailers, as Lambda's runtime reports a failure mid-stream. */
  async fail(error: ErrorBody): Promise<void> {
    const request = this.open();
    if (!request.writableEnded) {
      request.addTrailers({
        'Lambda-Runtime-Function-Error-Type': error.errorType,
        'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(error)).toString('base64'),
      });
      request.end();
    }
    this.destroy();
    await this.answered;
  }

  private open(): ClientRequest {
    if (this.request) return this.request;
    const [host, port] = this.endpoint.split(':');
    // node:http costs a cold start several milliseconds: only streaming functions load it, on their first stream.
    const { request: httpRequest } = require('node:http') as typeof import('node:http');
    const request = httpRequest({
      host,
      port: Number(port) || 80,
      method: 'POST',
      path: `/2018-06-01/runtime/invocation/${encodeURIComponent(this.requestId)}/response`,
      headers: {
        'Content-Type': this.contentType,
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        'Transfer-Encoding': 'chunked',
        Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
      },
    });
    this.answered = new Promise<number>((resolve) => {
      request.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The Runtime API going away ends the process anyway; the stream only stops waiting for its answer.
      request.on('error', () => resolve(0));
    });
    this.request = request;
    request.flushHeaders();
    if (this.prelude) request.write(this.prelude);
    return request;
  }
}
