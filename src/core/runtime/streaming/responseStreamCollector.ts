import { performance } from 'node:perf_hooks';
import type { FunctionErrorBody, ResponseStreamListener, StreamFigures } from '../types';
import { MAX_STREAMED_RESPONSE_BYTES, streamLimitWarnings } from './limits';

/**
 * One streamed response as it arrives from the runtime: passes each chunk on to whoever listens (the Invoke API,
 * a function URL, the CLI), keeps the whole body for the invocation's result (a plain Invoke of a streaming
 * function gets it buffered, as on Lambda), and measures the time to first byte.
 */
export class ResponseStreamCollector {
  private readonly parts: Buffer[] = [];
  private bytes = 0;
  private chunks = 0;
  private firstByteAt?: number;

  constructor(
    readonly contentType: string,
    /** performance.now() when the invocation was delivered to the runtime. */
    private readonly deliveredAt: number,
    private readonly listener: ResponseStreamListener | undefined,
  ) {
    listener?.onStart?.(contentType);
  }

  /** Takes a chunk; returns an error body once the stream is over Lambda's size limit (the chunk is then dropped). */
  add(chunk: Buffer): FunctionErrorBody | undefined {
    if (chunk.length === 0) return undefined;
    if (this.bytes + chunk.length > MAX_STREAMED_RESPONSE_BYTES) {
      return {
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_STREAMED_RESPONSE_BYTES} bytes) for a streamed response.`,
      };
    }
    this.firstByteAt ??= performance.now();
    this.bytes += chunk.length;
    this.chunks++;
    this.parts.push(chunk);
    this.listener?.onChunk(chunk);
    return undefined;
  }

  body(): Buffer {
    return Buffer.concat(this.parts);
  }

  figures(): StreamFigures {
    const figures: StreamFigures = { contentType: this.contentType, bytes: this.bytes, chunks: this.chunks };
    if (this.firstByteAt !== undefined) figures.firstByteMs = this.firstByteAt - this.deliveredAt;
    return figures;
  }

  warnings(): string[] {
    return streamLimitWarnings(this.bytes);
  }
}
