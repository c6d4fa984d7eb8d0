import { createHash } from 'node:crypto';
import { WorkbenchError } from '../errors';

/** Lambda's limit for a zip uploaded directly in CreateFunction / UpdateFunctionCode. */
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Lambda's limit for a function's code once unzipped (layers included). */
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;

/** A package Lambda would refuse, found before anything is uploaded. */
export class PackageLimitError extends WorkbenchError {
  constructor(message: string) {
    super('package-limit', message);
    this.name = 'PackageLimitError';
  }
}

/** The CodeSha256 Lambda reports for a zip: the base64 SHA-256 of its bytes. */
export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}

/** Throws PackageLimitError when the package is over either of Lambda's size limits for direct uploads. */
export function checkPackageLimits(zippedBytes: number, unzippedBytes: number, name = 'The package'): void {
  if (zippedBytes > MAX_DIRECT_UPLOAD_BYTES) {
    throw new PackageLimitError(
      `${name} is ${formatBytes(zippedBytes)} zipped; Lambda accepts at most ${formatBytes(MAX_DIRECT_UPLOAD_BYTES)} for a direct upload. ` +
        'Move large dependencies to a layer or exclude files the function does not need.',
    );
  }
  if (unzippedBytes > MAX_UNZIPPED_BYTES) {
    throw new PackageLimitError(
      `${name} is ${formatBytes(unzippedBytes)} unzipped; Lambda allows at most ${formatBytes(MAX_UNZIPPED_BYTES)} of unzipped code. ` +
        'Exclude files the function does not need or use a container image.',
    );
  }
}

/** `1.5 MB`, `820 KB`, `12 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
