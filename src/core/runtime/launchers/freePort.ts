import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago: for debug servers that cannot report the port they chose. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The port a debug request asks for, a free one for 0. */
export async function debugPort(requested: number): Promise<number> {
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    throw new RangeError(`debug port must be an integer from 0 to 65535, got ${requested}`);
  }
  return requested === 0 ? freePort() : requested;
}
