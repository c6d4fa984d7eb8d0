import { streamAsText } from '../core/runtime/streaming/textStream';
import type { ResponseStreamListener } from '../core/runtime/types';
import type { CliIo } from './command';

/**
 * Prints a streamed response as it arrives: the body on stdout, the HTTP prelude on stderr. `end()` adds a line
 * break for the prompt when stdout is a terminal, as invoke does after a buffered response.
 */
export function streamToTerminal(
  io: Pick<CliIo, 'stdout' | 'stderr' | 'stdoutIsTerminal'>,
): ResponseStreamListener & { end(): void } {
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
      if (io.stdoutIsTerminal && !last.endsWith('\n')) io.stdout('\n');
    },
  };
}
