// Types of scripts/vscodeServer.mjs, for the TypeScript launchers under test/vscode/.

/** The code-server release the harness installs (VS Code 1.99.3). */
export declare const CODE_SERVER_VERSION: string;

/** The cache folder code-server is installed in: $LAMBDA_WORKBENCH_VSCODE_SERVER_DIR or ~/.cache/lambda-workbench/... */
export declare function codeServerDir(): string;

/** Installs code-server once (marker file written last) and returns the path of its entry script. */
export declare function ensureCodeServer(options?: { log?: (line: string) => void; dir?: string }): string;

export interface StartOptions {
  /** code-server's entry script, from ensureCodeServer(). */
  entry: string;
  /** The folder the workbench opens. */
  workspace: string;
  /** Extra environment for code-server; its extension hosts inherit it. */
  env?: Record<string, string>;
  /** How long to wait for /healthz (default 60 s). */
  readyTimeoutMs?: number;
  /** Installed extensions to load (a folder `--install-extension` filled); by default an empty one in the profile. */
  extensionsDir?: string;
}

/** What a workbench page loads: the folder, and optionally an extension in development and its tests module. */
export interface WorkbenchTarget {
  folder: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

/** A running code-server. */
export interface CodeServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  pid: number;
  /** code-server's own output (deleted by stop()). */
  logPath: string;
  /** The vscode-remote:// URI of a path on this machine, as the workbench payload expects it. */
  remoteUri(path: string): string;
  /** The page address that opens `folder` with the extension (and its tests) loaded. */
  workbenchUrl(target: WorkbenchTarget): string;
  /** The last lines of code-server's output (kept in memory, so also after stop()). */
  logTail(lines?: number): string;
  /** Ends code-server's whole process group and deletes its profile; safe to call more than once. */
  stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1 with a throwaway profile; resolves once it answers /healthz. */
export declare function startCodeServer(options: StartOptions): Promise<CodeServer>;
