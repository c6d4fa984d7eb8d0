import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A go-ahead a handler waits for: its GET on `url` is answered only once the test calls `release()`. A streaming
 * handler that waits on it between two chunks proves the first chunk reached the test before the handler ended.
 */
export interface Signal {
  url: string;
  release(): void;
  close(): Promise<void>;
}

export async function startSignal(): Promise<Signal> {
  const waiting: ServerResponse[] = [];
  let released = false;
  const server = createServer((_req, res) => {
    if (released) res.end('go');
    else waiting.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/go`,
    release() {
      released = true;
      for (const res of waiting.splice(0)) res.end('go');
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
