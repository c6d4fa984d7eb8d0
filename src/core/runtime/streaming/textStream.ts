import { StringDecoder } from 'node:string_decoder';
import type { ResponseStreamListener } from '../types';
import { HTTP_INTEGRATION_CONTENT_TYPE, HttpIntegrationSplitter, type HttpPrelude } from './httpIntegration';

/** Who shows a streamed response as text (the CLI's stdout, the editor's result view). */
export interface TextStreamTarget {
  onText(text: string): void;
  onPrelude(prelude: HttpPrelude): void;
  onProblem(message: string): void;
}

/**
 * A stream listener that turns chunks into text as they arrive (UTF-8 characters kept whole across chunk edges)
 * and reads the prelude of an HTTP integration stream apart from its body. `end()` flushes what is left.
 */
export function streamAsText(target: TextStreamTarget): ResponseStreamListener & { end(): void } {
  const decoder = new StringDecoder('utf8');
  const body = (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (text) target.onText(text);
  };
  let splitter: HttpIntegrationSplitter | undefined;
  return {
    onStart(contentType) {
      if (contentType === HTTP_INTEGRATION_CONTENT_TYPE)
        splitter = new HttpIntegrationSplitter({
          onPrelude: target.onPrelude,
          onBody: body,
          onError: target.onProblem,
        });
    },
    onChunk(chunk) {
      if (splitter) splitter.push(chunk);
      else body(chunk);
    },
    end() {
      splitter?.end();
      const rest = decoder.end();
      if (rest) target.onText(rest);
    },
  };
}
