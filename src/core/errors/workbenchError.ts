/**
 * The error vocabulary every front end (editor, CLI) renders: a code to branch on, a message saying what happened,
 * and what to do next. A *refusal* is Lambda Workbench declining to start (nothing ran, nothing changed); any other
 * code is a failure of something that did start; anything thrown that is not a WorkbenchError is a crash.
 */
export type ErrorCode =
  /** A wrong command line (the CLI prints its usage and exits with 2). */
  | 'usage'
  /** Running code or acting on AWS from a workspace that is not trusted. */
  | 'untrusted'
  /** No function to act on: none in the workspace, none given, or one that is no longer there. */
  | 'no-function'
  /** A test event that is not JSON. */
  | 'malformed-event'
  /** A setting whose value cannot be used (it names the setting). */
  | 'invalid-setting'
  /** A local server asked for a port another program holds. */
  | 'port-in-use'
  /** Debugging needs an editor extension that is not installed. */
  | 'debugger-missing'
  /** Something Lambda Workbench does not do for this function (debugging a runtime it has no debugger for...). */
  | 'unsupported'
  /** AWS is not set up (no credentials or no region) for an action on AWS. */
  | 'aws-setup'
  /** The user stopped it or declined a confirmation, before anything was changed. */
  | 'cancelled'
  /** A package Lambda would refuse (size limits), found before anything is uploaded. */
  | 'package-limit'
  /** Files are in the way of an extraction that may not overwrite them. */
  | 'extract-conflict'
  /** A file the command reads does not exist yet. */
  | 'missing-file'
  /** A file the command would create is already there; it is never written over. */
  | 'file-exists'
  /** A function that cannot be packaged (missing handler module, build error, missing tool...). */
  | 'packaging'
  /** A function that could not start locally: a missing interpreter or toolchain, a missing bootstrap or handler. */
  | 'launch'
  /** A function's code that could not be built (a syntax error, a package not installed, a failed makefile). */
  | 'build'
  /** An invoke the local Lambda service refuses as Lambda would (payload too large or not JSON, throttled). */
  | 'invoke-request'
  /** A call to AWS failed (its kind says how: credentials, access denied, conflict...). */
  | 'aws'
  /** Anything else: an unexpected exception, a bug. */
  | 'internal';

const REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'usage',
  'untrusted',
  'no-function',
  'malformed-event',
  'invalid-setting',
  'port-in-use',
  'debugger-missing',
  'unsupported',
  'aws-setup',
  'cancelled',
  'package-limit',
  'extract-conflict',
  'missing-file',
  'file-exists',
]);

/** True for the codes that mean "declined to start; nothing ran and nothing changed". */
export function isRefusalCode(code: ErrorCode): boolean {
  return REFUSALS.has(code);
}

/** A place in a file an error is about (0-based line and column, like the editor's). */
export interface ErrorLocation {
  file: string;
  line: number;
  column: number;
}

/** What a front end can offer besides the text: the setting, extension or file that fixes the problem. */
export interface ErrorDetails {
  /** What to do next, in a sentence a user can act on. */
  next?: string;
  /** The place in a file the error is about (a malformed saved event, a build error). */
  location?: ErrorLocation;
  /** The setting that fixes it (`lambdaWorkbench.api.port`). */
  setting?: string;
  /** The editor extension that fixes it. */
  extension?: { id: string; name: string };
  cause?: unknown;
}

// A registered symbol, the same in every bundle: `instanceof` cannot see across the extension's separately built bundles.
const BRAND = Symbol.for('lambda-workbench.error');

/** An error of Lambda Workbench's vocabulary. Subclasses keep their own fields; front ends read only these. */
export class WorkbenchError extends Error {
  readonly next?: string;
  readonly location?: ErrorLocation;
  readonly setting?: string;
  readonly extension?: { id: string; name: string };
  readonly [BRAND] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'WorkbenchError';
    this.next = details.next;
    this.location = details.location;
    this.setting = details.setting;
    this.extension = details.extension;
  }

  /** True when Lambda Workbench declined to start (nothing ran, nothing changed). */
  get refusal(): boolean {
    return isRefusalCode(this.code);
  }
}

/** A WorkbenchError (of `code`, when given), from any bundle. */
export function isWorkbenchError(error: unknown, code?: ErrorCode): error is WorkbenchError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [BRAND]?: boolean })[BRAND] === true &&
    (code === undefined || (error as WorkbenchError).code === code)
  );
}
