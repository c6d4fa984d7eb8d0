import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPackageLimits,
  formatBytes,
  MAX_DIRECT_UPLOAD_BYTES,
  MAX_UNZIPPED_BYTES,
  PackageLimitError,
} from '../../../src/core/packaging';

test('accepts packages at the limits', () => {
  checkPackageLimits(MAX_DIRECT_UPLOAD_BYTES, MAX_UNZIPPED_BYTES);
});

test('refuses more than 50 MB zipped for a direct upload', () => {
  assert.throws(
    () => checkPackageLimits(MAX_DIRECT_UPLOAD_BYTES + 1, 1, 'The package of Big'),
    (error: Error) =>
      error instanceof PackageLimitError &&
      /^The package of Big is 50\.0 MB zipped; Lambda accepts at most 50\.0 MB for a direct upload/.test(error.message),
  );
});

test('refuses more than 250 MB unzipped', () => {
  assert.throws(
    () => checkPackageLimits(1, MAX_UNZIPPED_BYTES + 1024 * 1024),
    /is 251\.0 MB unzipped; Lambda allows at most 250\.0 MB/,
  );
});

test('formats sizes', () => {
  assert.equal(formatBytes(12), '12 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MB');
});
