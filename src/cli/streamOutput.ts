import { StringDecoder } from 'node:string_decoder';
import { HTTP_INTEGRATION_CONTENT_TYPE, HttpIntegrationSplitter } from '../core/runtime/streaming/httpIntegration';
import type { ResponseStreamListener } from '../core/runtime/types';
import type { CliIo } from './command';

/**
 * Prints a streamed response as it arrives: body chunks on stdout (UTF-8 kept whole across chunk edges), the HTTP
 * prelude of an HTTP integration stream on stderr. `end()` finishes the last line.
 */
export function streamToTerminal(io: Pick<CliIo, 'stdout' | 'stderr'>): ResponseStreamListener & { end(): void } {
  const decoder = new StringDecoder('utf8');
  let last = '';
  const body = (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (text) {
      io.stdout(text);
      last = text;
    }
  };
  let splitter: HttpIntegrationSplitter | undefined;
  return {
    onStart(contentType) {
      if (contentType !== HTTP_INTEGRATION_CONTENT_TYPE) return;
      splitter = new HttpIntegrationSplitter({
        onPrelude: (prelude) => io.stderr(`HTTP prelude: ${JSON.stringify(prelude)}\n`),
        onBody: body,
        onError: (message) => io.stderr(`warning: ${message}\n`),
      });
    },
    onChunk(chunk) {
      if (splitter) splitter.push(chunk);
      else body(chunk);
    },
    end() {
      splitter?.end();
      const rest = decoder.end();
      if (rest) io.stdout(rest);
      if (!(rest || last).endsWith('\n')) io.stdout('\n');
    },
  };
}
