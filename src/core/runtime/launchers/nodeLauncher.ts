import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { distPath } from '../../assets';
import type { FunctionSpec } from '../../model';
import type { LaunchOptions, LaunchPlan, RuntimeLauncher } from '../types';
import { splitHandler } from './handlerString';
import { nodeRuntimeSdk } from './nodeRuntimeSdk';
import { packageType } from '../../toolchains/packageType';

/**
 * The options Lambda's Node.js runtime starts node with (its bootstrap script): `global.gc` exposed, 80 KB HTTP
 * headers, a tenth of the function's memory for V8's young generation (half of it per semi-space) and the rest for
 * its old space. Any V8 option makes node compile its own modules afresh (its built-in code cache is keyed to the
 * options): a few milliseconds of every cold start, which Lambda's starts pay too.
 */
export function lambdaNodeOptions(memorySizeMB: number): string[] {
  const youngMB = Math.floor(memorySizeMB / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.max(1, Math.floor(youngMB / 2))}`,
    `--max-old-space-size=${Math.max(16, memorySizeMB - youngMB)}`,
  ];
}

/** The first descriptor after stdin, stdout and stderr. */
const RUNTIME_API_FD = 3;

/**
 * Starts Node.js handlers on our own runtime client (dist/clients/node.js), from the folder it is given: TypeScript
 * and esbuild functions arrive here already built (see core/build/prepareCode), so the client only ever sees JS.
 * Node's own source-map support (`--enable-source-maps`) is left off, as on Lambda unless NODE_OPTIONS asks for it:
 * it costs hundreds of MB on a large bundle. Stack traces are mapped outside the process instead.
 */
export class NodeLauncher implements RuntimeLauncher {
  readonly name = 'node';

  constructor(private readonly settings: { nodePath?: string } = {}) {}

  matches(fn: FunctionSpec): boolean {
    return fn.runtime.startsWith('nodejs');
  }

  async prepare(fn: FunctionSpec, options: LaunchOptions): Promise<LaunchPlan> {
    const warnings: string[] = [];
    const node = this.nodeFor(fn.runtime, warnings);
    const taskRoot = fn.codeDir;
    const args = lambdaNodeOptions(fn.memorySize);
    const env: Record<string, string> = { LAMBDA_RUNTIME_DIR: distPath('clients') };
    {
      const parts = splitHandler(fn.handler);
      const sdk = await nodeRuntimeSdk(fn, node.major, options.cacheDir, options.onProgress ?? (() => undefined));
      if (sdk.warning) warnings.push(sdk.warning);
      if (sdk.nodePath) {
        env.NODE_PATH = sdk.nodePath;
        // Node resolves ES module imports without NODE_PATH: such a handler needs the SDK in its own project.
        if (parts && isEsm(fn.codeDir, parts.module)) {
          warnings.push(
            `${fn.name} is an ES module: its imports of the AWS SDK do not look in ${sdk.nodePath}; add the packages to the project (npm install -D)`,
          );
        }
      }
    }
    let debug: LaunchPlan['debug'];
    if (options.debug) {
      // The runtime client opens the port itself (not --inspect, whose socket delays each pause by ~40 ms: see
      // clients/node/inspectorBridge.ts). Port 0 picks a free one, read from "Debugger listening on ws://...".
      env.LAMBDA_WORKBENCH_DEBUG_PORT = String(options.debug.port);
      if (options.debug.waitForAttach !== false) env.LAMBDA_WORKBENCH_WAIT_FOR_DEBUGGER = '1';
      debug = { port: options.debug.port, adapter: 'node' };
    }
    if (node.electron) env.ELECTRON_RUN_AS_NODE = '1';
    // The client takes the Runtime API over an inherited socket pair, sparing a cold start node:net (see
    // clients/node/descriptorChannel.ts). Not on Windows, where descriptors beyond stdio reach a child through the C
    // runtime, a path not tested here: there it connects over TCP.
    const runtimeApiFd = process.platform === 'win32' ? undefined : RUNTIME_API_FD;
    if (runtimeApiFd !== undefined) env.LAMBDA_WORKBENCH_RUNTIME_API_FD = String(runtimeApiFd);
    args.push(distPath('clients', 'node.js'));
    return {
      command: node.path,
      args,
      cwd: taskRoot,
      taskRoot,
      handler: fn.handler,
      env,
      warnings,
      debug,
      runtimeApiFd,
    };
  }

  private nodeFor(runtime: string, warnings: string[]): { path: string; major: number; electron: boolean } {
    const wanted = Number(/^nodejs(\d+)/.exec(runtime)?.[1] ?? 0);
    const candidates = [this.settings.nodePath, 'node'].filter((c): c is string => !!c);
    for (const candidate of candidates) {
      const version = nodeVersion(candidate);
      if (version === undefined) continue;
      if (wanted && version !== wanted)
        warnings.push(`${runtime} asks for Node.js ${wanted}; running on Node.js ${version} (${candidate})`);
      return { path: candidate, major: version, electron: false };
    }
    // No node on PATH: the editor's own Node.js (Electron) can run it, as Node.
    const major = Number(process.versions.node.split('.')[0]);
    warnings.push(`no 'node' on PATH; running ${runtime} on the editor's Node.js ${process.versions.node}`);
    return { path: process.execPath, major, electron: !!process.versions.electron };
  }
}

const versions = new Map<string, number | undefined>();

function nodeVersion(command: string): number | undefined {
  if (!versions.has(command)) {
    try {
      const out = execFileSync(command, ['--version'], { encoding: 'utf8', timeout: 5000 });
      versions.set(command, Number(/^v(\d+)/.exec(out.trim())?.[1]));
    } catch {
      // No such node, or it failed: this candidate is passed over (the editor's Node.js is the last resort).
      versions.set(command, undefined);
    }
  }
  return versions.get(command);
}

function isEsm(codeDir: string, module: string): boolean {
  if (existsSync(join(codeDir, `${module}.mjs`))) return true;
  return existsSync(join(codeDir, `${module}.js`)) && packageType(dirname(join(codeDir, module))) === 'module';
}
