/** A function that cannot be packaged: missing handler module, build error, missing tool, unsupported runtime. */
export class PackagingError extends Error {
  constructor(
    message: string,
    /** Where the problem is, when known (build errors); line and column are 0-based like the editor's. */
    readonly location?: { file: string; line: number; column: number },
  ) {
    super(message);
    this.name = 'PackagingError';
  }
}
