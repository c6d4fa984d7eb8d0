import { prepareCode } from '../build/prepareCode';
import type { FunctionSpec } from '../model';
import { Instance } from './instance';
import type { LocalIdentity } from './lambdaEnvironment';
import { launcherFor } from './launchers';
import { layerEnvironment, prepareOptFolder, type LayerFetcher } from './layers/optFolder';
import type { DebugRequest, InvokeOptions, LogLine, RuntimeLauncher } from './types';

/** What kind of instance to start. */
export interface InstanceKind {
  debug?: DebugRequest;
  initializationType: 'on-demand' | 'provisioned-concurrency';
  onDebugReady?: InvokeOptions['onDebugReady'];
}

export interface InstanceStarterOptions {
  launchers: RuntimeLauncher[];
  cacheDir: string;
  identity: LocalIdentity;
  host: NodeJS.ProcessEnv;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  onLog: (line: LogLine) => void;
  /** Makes the fetcher of layers given by ARN, on first need (see LocalRuntimeOptions.layerFetcher). */
  layerFetcher?: (cacheDir: string, credentials: InstanceStarterOptions['credentials']) => LayerFetcher;
}

/**
 * Turns a function into a running instance: builds what the template says to build, lets the function's launcher
 * prepare its start, merges its layers, then starts the instance. Shared by the pools of one runtime.
 */
export class InstanceStarter {
  private readonly optDirs = new Map<string, string>();
  private fetcher?: LayerFetcher;

  constructor(private readonly options: InstanceStarterOptions) {}

  /** Rejects with a LaunchError (or the build's error) when the instance cannot start. */
  async start(fn: FunctionSpec, kind: InstanceKind): Promise<Instance> {
    const { cacheDir, host } = this.options;
    const code = await prepareCode(fn, cacheDir, { debug: kind.debug !== undefined });
    const launcher = launcherFor(this.options.launchers, code.fn);
    const progress = (text: string) =>
      this.options.onLog({ time: Date.now(), text, stream: 'platform', functionId: fn.id });
    const plan = await launcher.prepare(code.fn, { cacheDir, debug: kind.debug, onProgress: progress });
    plan.warnings.unshift(...code.warnings);
    if (code.sourceMapRoots.length) plan.sourceMapRoots = code.sourceMapRoots;
    const opt = await prepareOptFolder(
      fn,
      cacheDir,
      this.options.layerFetcher ? (arn) => this.fetchLayer(arn) : undefined,
    );
    if (opt) {
      // Said before the invocation's own lines, so a layer left out is known before its effects are seen.
      for (const warning of opt.warnings) progress(`warning: ${warning}`);
      Object.assign(
        plan.env,
        layerEnvironment(fn, opt.dir, {
          ...plan.env,
          PATH: plan.env.PATH ?? host.PATH ?? '',
          LD_LIBRARY_PATH: host.LD_LIBRARY_PATH ?? '',
        }),
      );
      plan.warnings.push(...opt.warnings);
      this.optDirs.set(fn.id, opt.dir);
    }
    return Instance.start({
      fn,
      plan,
      identity: this.options.identity,
      initializationType: kind.initializationType,
      host,
      credentials: this.options.credentials,
      onLog: this.options.onLog,
      onDebugReady: kind.onDebugReady,
      debugAttachTimeoutMs: kind.debug?.attachTimeoutMs,
      debugWatcher: kind.debug?.watcher,
      optDir: opt?.dir,
    });
  }

  /** Where the function's layers were last merged, if they were. */
  optDir(functionId: string): string | undefined {
    return this.optDirs.get(functionId);
  }

  /** Layers given by ARN, downloaded with the SDK's credentials (the fetcher is made only when a function has one). */
  private fetchLayer(arn: string): Promise<string> {
    this.fetcher ??= this.options.layerFetcher!(this.options.cacheDir, this.options.credentials);
    return this.fetcher(arn);
  }
}
