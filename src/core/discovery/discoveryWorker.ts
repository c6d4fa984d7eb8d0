import { parentPort, workerData } from 'node:worker_threads';
import { discoverWorkspace, type DiscoveryOptions } from './workspace';

/**
 * The worker side of discoverWorkspaceInWorker (its own bundle, dist/discoveryWorker.js): discovers one workspace
 * and posts the result, or the reason it failed.
 */
const { root, options } = workerData as { root: string; options: DiscoveryOptions };
discoverWorkspace(root, options).then(
  (result) => parentPort!.postMessage({ result }),
  (error) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
