import type { FunctionConfiguration } from '@aws-sdk/client-lambda';

/** One named step of a long operation, as the editor's progress and the CLI show it. */
export interface Step {
  /** Stable id: package, lookup, diff, role, upload, wait, configure, adopt, publish, alias. */
  id: string;
  title: string;
  detail?: string;
  /** `running` when the step starts; a step may report again as `done` or `skipped` with what it found. */
  status?: 'running' | 'done' | 'skipped';
}

/** One setting a deploy would change on an existing function. */
export interface ConfigChange {
  field: 'memorySize' | 'timeout' | 'environment' | 'layers' | 'architectures' | 'handler' | 'runtime' | 'role';
  /** What the user calls it: Memory, Timeout, Environment... */
  label: string;
  /** The remote value and the template's, as Lambda's API shapes them. */
  from: unknown;
  to: unknown;
  /** A one-line description; environment values are never shown, only the names of changed variables. */
  summary: string;
}

/** How long deploy waits for Lambda, and how often it looks. Tests shorten these. */
export interface Timing {
  /** Between two polls of the function's state. */
  pollIntervalMs: number;
  /** The most to wait for an update or a new function to settle. */
  maxWaitMs: number;
  /** The most to wait out ResourceConflictException (an update in progress) before giving up. */
  maxConflictWaitMs: number;
  /** The most to wait for a new IAM role to become usable by Lambda. */
  maxRoleWaitMs: number;
}

export const DEFAULT_TIMING: Timing = {
  pollIntervalMs: 1000,
  maxWaitMs: 5 * 60_000,
  maxConflictWaitMs: 60_000,
  maxRoleWaitMs: 30_000,
};

/** What a deploy did (or, for a dry run, would do). */
export interface DeployResult {
  functionName: string;
  /** `created`, `updated`, `unchanged` (nothing to do), or `dry-run`. */
  outcome: 'created' | 'updated' | 'unchanged' | 'dry-run';
  /** Whether code was (or would be) uploaded. */
  codeUploaded: boolean;
  codeSha256: string;
  changes: ConfigChange[];
  functionArn?: string;
  /** `$LATEST`, or the published version number. */
  version?: string;
  aliasArn?: string;
  /** The role the function was created with, when it was created. */
  role?: string;
  configuration?: FunctionConfiguration;
  warnings: string[];
}
