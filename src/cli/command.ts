import { WorkbenchError } from '../core/errors';

/** One sub-command of the `lambda-workbench` CLI. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The usage text printed by `lambda-workbench help <name>` and on wrong arguments. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes, so tests can capture it. Results go to stdout, logs and progress to stderr. */
export interface CliIo {
  stdout: (text: string) => void;
  /** Writes bytes to stdout as they are (a function's response); stdout as text when not given. */
  stdoutBytes?: (bytes: Uint8Array) => void;
  /** True when stdout is a terminal (a response then gets a line break after it, for the prompt). */
  stdoutIsTerminal?: boolean;
  stderr: (text: string) => void;
  stdin: () => Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends WorkbenchError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}
