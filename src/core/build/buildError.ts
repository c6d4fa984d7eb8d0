import { LaunchError, type ErrorLocation } from '../errors';

/**
 * A function's code could not be built (code `build`). It is a LaunchError, so a local invoke reports it as a
 * Lambda-shaped result (`errorType` says which: a syntax error, a module that cannot be found, a failed makefile...);
 * packaging turns it into a PackagingError with the same text.
 */
export class BuildError extends LaunchError {
  constructor(
    message: string,
    errorType: string,
    location?: ErrorLocation,
    /** How the bundler put it, for packaging messages (`src/app.ts:2:14: Unexpected ";"`); absent for other problems. */
    readonly buildText?: string,
  ) {
    super(message, errorType, location, 'build');
    this.name = 'BuildError';
  }
}
