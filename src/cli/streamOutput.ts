import { streamAsText } from '../core/runtime/streaming/textStream';
import type { ResponseStreamListener } from '../core/runtime/types';
import type { CliIo } from './command';

/** Prints a streamed response as it arrives: the body on stdout, the HTTP prelude on stderr. `end()` ends the line. */
export function streamToTerminal(io: Pick<CliIo, 'stdout' | 'stderr'>): ResponseStreamListener & { end(): void } {
  let last = '';
  const text = streamAsText({
    onText: (chunk) => {
      io.stdout(chunk);
      last = chunk;
    },
    onPrelude: (prelude) => io.stderr(`HTTP prelude: ${JSON.stringify(prelude)}\n`),
    onProblem: (message) => io.stderr(`warning: ${message}\n`),
  });
  return {
    onStart: (contentType) => text.onStart?.(contentType),
    onChunk: (chunk) => text.onChunk(chunk),
    end() {
      text.end();
      if (!last.endsWith('\n')) io.stdout('\n');
    },
  };
}
