import { WorkbenchError, type ErrorLocation } from './workbenchError';

/**
 * A failure before any user code could run: a missing interpreter or toolchain, a build error, a missing bootstrap.
 * A local invoke reports it as a Lambda-shaped result (`errorType` says which); a front end that meets it directly
 * renders it like any WorkbenchError, with the file and line when known.
 */
export class LaunchError extends WorkbenchError {
  constructor(
    message: string,
    /** Lambda-style error type reported to the caller, e.g. Runtime.UserCodeSyntaxError or Runtime.InvalidEntrypoint. */
    readonly errorType = 'Runtime.InvalidEntrypoint',
    /** Where the problem is, when known (build errors); line and column are 0-based like the editor's. */
    location?: ErrorLocation,
    code: 'launch' | 'build' = 'launch',
  ) {
    super(code, message, { location });
    this.name = 'LaunchError';
  }
}
