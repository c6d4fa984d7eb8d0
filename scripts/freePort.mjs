// The one free-port helper of the scripts, tests and benches (the extension's own is
// src/core/runtime/launchers/freePort.ts, which ships in the bundle).
import { createServer } from 'node:net';

/** Resolves to a TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
