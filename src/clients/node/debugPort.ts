import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BridgeData, BridgeMessage } from './inspectorBridge';

/**
 * Opens the instance's debug port on 127.0.0.1 (port 0 picks a free one) with the inspector bridge on a worker
 * thread, and says where it listens on stderr in Node's own words, the line the runtime reads the port from. With
 * `waitForAttach`, resolves only once a debugger has set its breakpoints and says run, as `--inspect-brk` would.
 */
export function openDebugPort(port: number, title: string, waitForAttach: boolean): Promise<void> {
  const data: BridgeData = { port, title };
  const worker = new Worker(join(__dirname, 'nodeInspector.js'), { workerData: data });
  return new Promise((resolve, reject) => {
    const ready = () => {
      // From here on the port never keeps the process alive, as Node's own inspector never does.
      worker.unref();
      resolve();
    };
    worker.on('message', (message: BridgeMessage) => {
      if (message.kind === 'listening') {
        process.stderr.write(
          `Debugger listening on ${message.url}\nFor help, see: https://nodejs.org/en/docs/inspector\n`,
        );
        if (!waitForAttach) ready();
      } else if (message.kind === 'failed') {
        reject(new Error(`Starting inspector on 127.0.0.1:${port} failed: ${message.message}`));
        void worker.terminate();
      } else ready();
    });
    worker.on('error', (error) => reject(new Error(`the debug port could not be opened: ${error.message}`)));
  });
}
