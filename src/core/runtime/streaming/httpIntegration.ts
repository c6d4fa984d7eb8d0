/** The content type of a stream that starts with an HTTP prelude (awslambda.HttpResponseStream.from). */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

/** What ends the JSON prelude of an HTTP integration stream: 8 NUL bytes. */
const DELIMITER = Buffer.alloc(8);

/** The prelude a streaming function sends before its body for function URLs and API Gateway. */
export interface HttpPrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

/**
 * Splits an HTTP integration stream as it arrives: the JSON prelude up to the 8-NUL-byte delimiter, then body
 * chunks passed on untouched. A prelude that is not a JSON object is reported through `onError` once.
 */
export class HttpIntegrationSplitter {
  private head: Buffer = Buffer.alloc(0);
  private inBody = false;

  constructor(
    private readonly handlers: {
      onPrelude(prelude: HttpPrelude): void;
      onBody(chunk: Buffer): void;
      onError(message: string): void;
    },
  ) {}

  push(chunk: Buffer): void {
    if (this.inBody) {
      if (chunk.length) this.handlers.onBody(chunk);
      return;
    }
    this.head = Buffer.concat([this.head, chunk]);
    const at = this.head.indexOf(DELIMITER);
    if (at < 0) return;
    this.inBody = true;
    const text = this.head.subarray(0, at).toString('utf8');
    const rest = this.head.subarray(at + DELIMITER.length);
    this.head = Buffer.alloc(0);
    let prelude: unknown;
    try {
      prelude = JSON.parse(text || '{}');
    } catch (error) {
      this.handlers.onError(
        `the stream's HTTP prelude is not JSON (${(error as Error).message}): ${text.slice(0, 200)}`,
      );
      return;
    }
    if (!prelude || typeof prelude !== 'object' || Array.isArray(prelude)) {
      this.handlers.onError(`the stream's HTTP prelude must be a JSON object, got ${text.slice(0, 200)}`);
      return;
    }
    this.handlers.onPrelude(prelude as HttpPrelude);
    if (rest.length) this.handlers.onBody(rest);
  }

  /** At the end of the stream: bytes that never reached the delimiter (a prelude without its body separator). */
  end(): void {
    if (!this.inBody)
      this.handlers.onError('the stream ended before its HTTP prelude was followed by the 8 NUL bytes that end it');
  }
}

/** How the figures of a streamed response read in the CLI and the editor. */
export function describeStream(figures: {
  bytes: number;
  chunks: number;
  contentType: string;
  firstByteMs?: number;
}): string {
  const first =
    figures.firstByteMs === undefined ? 'no bytes' : `first byte after ${figures.firstByteMs.toFixed(1)} ms`;
  return `streamed ${figures.bytes} bytes in ${figures.chunks} chunk${figures.chunks === 1 ? '' : 's'} (${figures.contentType}), ${first}`;
}
