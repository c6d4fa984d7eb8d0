// The launcher's loopback endpoint: the suite inside the extension host posts results and asks for screenshots.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCREENSHOT_NAME, type TestResult } from './protocol';

/** What the endpoint does with each request. */
export interface HarnessHandlers {
  /** POST /result with a TestResult. */
  result(result: TestResult): void;
  /** POST /screenshot with { name }: saves test-results/<name>.png and resolves with its path. */
  screenshot(name: string): Promise<string>;
}

/** A running endpoint; `url` goes into code-server's environment. */
export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error(`request body is larger than ${MAX_BODY} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(new Error(`request body is not JSON: ${(error as Error).message}`));
      }
    });
    request.on('error', reject);
  });
}

function isResult(value: unknown): value is TestResult {
  const r = value as TestResult;
  return (
    typeof r?.title === 'string' &&
    ['passed', 'failed', 'pending'].includes(r.state) &&
    typeof r.durationMs === 'number'
  );
}

async function handle(handlers: HarnessHandlers, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const answer = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'POST') return answer(405, { error: `${request.method} is not allowed; use POST` });
  const body = await readJson(request).catch((error: Error) => error);
  if (body instanceof Error) return answer(400, { error: body.message });
  if (request.url === '/result') {
    if (!isResult(body))
      return answer(400, {
        error: 'a result needs title (string), state (passed|failed|pending), durationMs (number)',
      });
    handlers.result(body);
    return answer(200, {});
  }
  if (request.url === '/screenshot') {
    const name = (body as { name?: unknown })?.name;
    if (typeof name !== 'string' || !SCREENSHOT_NAME.test(name)) {
      return answer(400, {
        error: `screenshot name ${JSON.stringify(name)} is not a plain file name (letters, digits, '.', '_', '-')`,
      });
    }
    const path = await handlers.screenshot(name).catch((error: Error) => error);
    return path instanceof Error ? answer(500, { error: `screenshot failed: ${path.message}` }) : answer(200, { path });
  }
  return answer(404, { error: `unknown route ${request.url}; the routes are POST /result and POST /screenshot` });
}

/** Starts the endpoint on 127.0.0.1 with an ephemeral port. */
export function startHarnessServer(handlers: HarnessHandlers): Promise<HarnessServer> {
  const server = createServer((request, response) => void handle(handlers, request, response));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
