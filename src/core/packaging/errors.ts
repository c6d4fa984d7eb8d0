import { WorkbenchError, type ErrorLocation } from '../errors';

/** A function that cannot be packaged: missing handler module, build error, missing tool, unsupported runtime. */
export class PackagingError extends WorkbenchError {
  constructor(
    message: string,
    /** Where the problem is, when known (build errors); line and column are 0-based like the editor's. */
    location?: ErrorLocation,
  ) {
    super('packaging', message, { location });
    this.name = 'PackagingError';
  }
}
