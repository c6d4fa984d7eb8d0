import type { ServerResponse } from 'node:http';
import { HTTP_INTEGRATION_CONTENT_TYPE, HttpIntegrationSplitter } from '../../runtime/streaming/httpIntegration';
import type { ResponseStreamListener } from '../../runtime/types';

/**
 * Writes a function's response stream to an HTTP response as it arrives, as a RESPONSE_STREAM function URL does:
 * an HTTP integration stream (HttpResponseStream.from) gives its status, headers and cookies in its prelude;
 * any other stream is a 200 with the stream's content type. `extraHeaders` (CORS, request id) are added.
 */
export function streamToHttpResponse(
  res: ServerResponse,
  extraHeaders: Array<[string, string]>,
  onProblem: (message: string) => void,
): ResponseStreamListener & { finish(): void; failed: boolean } {
  let splitter: HttpIntegrationSplitter | undefined;
  let failed = false;
  const head = (status: number, headers: Array<[string, string]>) => {
    if (res.headersSent) return;
    const present = new Set(headers.map(([name]) => name.toLowerCase()));
    const all = [...headers, ...extraHeaders.filter(([name]) => !present.has(name.toLowerCase()))];
    res.writeHead(status, all.flat());
    res.flushHeaders();
  };
  return {
    onStart(contentType) {
      if (contentType !== HTTP_INTEGRATION_CONTENT_TYPE) return head(200, [['content-type', contentType]]);
      splitter = new HttpIntegrationSplitter({
        onPrelude: (prelude) => {
          const headers: Array<[string, string]> = Object.entries(prelude.headers ?? {}).map(([name, value]) => [
            name,
            String(value),
          ]);
          for (const cookie of prelude.cookies ?? []) headers.push(['set-cookie', String(cookie)]);
          if (!headers.some(([name]) => name.toLowerCase() === 'content-type'))
            headers.push(['content-type', 'application/octet-stream']);
          head(typeof prelude.statusCode === 'number' ? prelude.statusCode : 200, headers);
        },
        onBody: (chunk) => {
          if (!failed) res.write(chunk);
        },
        onError: (message) => {
          // A stream whose prelude cannot be read has no status to send: the client gets a 502 at the end.
          failed = true;
          onProblem(message);
        },
      });
    },
    onChunk(chunk) {
      if (splitter) splitter.push(chunk);
      else res.write(chunk);
    },
    finish() {
      splitter?.end();
    },
    get failed() {
      return failed;
    },
  };
}
