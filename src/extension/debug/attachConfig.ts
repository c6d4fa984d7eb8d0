import { join } from 'node:path';
import type { FunctionSpec } from '../../core/model';
import { hasGoSources } from '../../core/runtime/launchers/go';

export type DebugAdapterKind = 'node' | 'debugpy' | 'dlv';

/** Marks the debug sessions attached to a function's instance (a property of their configuration). */
export interface LambdaSessionMark {
  functionId: string;
  pid: number;
}

export type AttachConfig = Record<string, unknown> & {
  type: string;
  request: 'attach';
  name: string;
  lambdaWorkbench: LambdaSessionMark;
};

/** The editor extension that holds the debugger for an adapter, when it is not built in. */
export const DEBUGGER_EXTENSIONS: Record<
  Exclude<DebugAdapterKind, 'node'>,
  { id: string; name: string; language: string }
> = {
  debugpy: { id: 'ms-python.debugpy', name: 'Python Debugger', language: 'Python' },
  dlv: { id: 'golang.go', name: 'Go', language: 'Go' },
};

/** Which debug server an instance of the function runs under, or a reason it cannot be debugged. */
export function adapterFor(fn: FunctionSpec): DebugAdapterKind | { reason: string } {
  if (fn.runtime.startsWith('nodejs')) return 'node';
  if (fn.runtime.startsWith('python')) return 'debugpy';
  if (fn.runtime === 'go1.x' || (fn.runtime.startsWith('provided') && hasGoSources(fn.codeDir))) return 'dlv';
  if (fn.runtime.startsWith('provided')) {
    return {
      reason: `${fn.name} runs a prebuilt bootstrap (${fn.runtime}) with no source to debug; Lambda Workbench debugs Node.js, Python and Go functions`,
    };
  }
  return { reason: `${fn.name} uses ${fn.runtime}; Lambda Workbench debugs Node.js, Python and Go functions` };
}

/** What `attachConfigFor` needs to know about the instance and the editor. */
export interface AttachContext {
  fn: FunctionSpec;
  adapter: DebugAdapterKind;
  port: number;
  pid: number;
  /** The runtime's cache folder, where TypeScript bundles and their source maps are written. */
  cacheDir: string;
  /** The extension's install folder (its runtime client is hidden from call stacks). */
  extensionPath: string;
  sourceMaps: boolean;
}

/** The configuration that attaches the language's own debugger to a debug instance on 127.0.0.1. */
export function attachConfigFor(context: AttachContext): AttachConfig {
  const { fn, port, pid } = context;
  const base = { request: 'attach' as const, name: `Lambda: ${fn.name}`, lambdaWorkbench: { functionId: fn.id, pid } };
  switch (context.adapter) {
    case 'node': {
      const bundles = join(context.cacheDir, 'node');
      return {
        ...base,
        type: 'pwa-node',
        address: '127.0.0.1',
        port,
        // The instance waits for Runtime.runIfWaitingForDebugger: breakpoints are set first, then it goes on.
        continueOnAttach: true,
        restart: false,
        cwd: fn.codeDir,
        sourceMaps: context.sourceMaps,
        // TypeScript handlers run from esbuild bundles in the cache folder, outside the workspace: their maps must be
        // read from there, and found before the bundle loads so that breakpoints bind on the first invoke.
        resolveSourceMapLocations: [`${bundles}/**`, `${fn.codeDir}/**`, '!**/node_modules/**'],
        outFiles: [`${bundles}/**/*.{js,mjs,cjs}`, `${fn.codeDir}/**/*.{js,mjs,cjs}`, '!**/node_modules/**'],
        skipFiles: ['<node_internals>/**', '**/dist/clients/node.js'],
      };
    }
    case 'debugpy':
      return { ...base, type: 'debugpy', connect: { host: '127.0.0.1', port }, justMyCode: true, cwd: fn.codeDir };
    case 'dlv':
      return { ...base, type: 'go', mode: 'remote', host: '127.0.0.1', port, cwd: fn.codeDir };
  }
}

/** The mark of a session started from `attachConfigFor`, or of its parent (js-debug runs the target in a child). */
export function sessionMark(session: {
  configuration: Record<string, unknown>;
  parentSession?: { configuration: Record<string, unknown> };
}): LambdaSessionMark | undefined {
  const own = session.configuration.lambdaWorkbench as LambdaSessionMark | undefined;
  return own ?? (session.parentSession?.configuration.lambdaWorkbench as LambdaSessionMark | undefined);
}
