import { Worker } from 'node:worker_threads';
import { distPath } from '../assets';
import type { DiscoveryOptions, DiscoveryResult } from './workspace';

/**
 * discoverWorkspace on a worker thread: the same result, while the calling thread's event loop stays free. The
 * editor's extension host runs discovery this way, since parsing one large template or searching a large module
 * holds a thread for longer than an editor may wait. `workerFile` is the built worker (dist/discoveryWorker.js).
 */
export function discoverWorkspaceInWorker(
  root: string,
  options: DiscoveryOptions = {},
  workerFile = distPath('discoveryWorker.js'),
): Promise<DiscoveryResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    let worker: Worker;
    try {
      worker = new Worker(workerFile, { workerData: { root, options } });
    } catch (error) {
      reject(
        new Error(
          `cannot start the discovery worker ${workerFile}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      return;
    }
    worker.once('message', (message: { result?: DiscoveryResult; error?: string }) =>
      settle(() =>
        message.result
          ? resolve(message.result)
          : reject(new Error(message.error ?? 'the discovery worker sent no result')),
      ),
    );
    worker.once('error', (error) =>
      settle(() => reject(new Error(`the discovery worker ${workerFile} failed: ${error.message}`))),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(new Error(`the discovery worker ${workerFile} exited with code ${code} before sending a result`)),
      ),
    );
  });
}
