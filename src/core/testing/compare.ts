import { isDeepStrictEqual } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { withoutPaths } from './ignorePaths';

/** The outcome of comparing a result with its expectation. */
export interface Comparison {
  equal: boolean;
  /** Pretty JSON (keys sorted) of both sides after the ignored paths were removed: what a diff view shows. */
  expectedText: string;
  actualText: string;
  /** A unified diff of the two texts; empty when they are equal. */
  diff: string;
}

/**
 * Compares an actual result with the expected one after removing the `ignore` paths from both: deep equality,
 * where the order of object keys does not matter and the order of array elements does.
 * An ignored array element is kept as `"<ignored>"` so the positions of the others still count.
 */
export function compareResult(expected: unknown, actual: unknown, ignore: string[] = []): Comparison {
  const left = withoutPaths(expected, ignore);
  const right = withoutPaths(actual, ignore);
  const expectedText = prettyJson(left);
  const actualText = prettyJson(right);
  const equal = isDeepStrictEqual(left, right);
  const diff = equal ? '' : unifiedDiff(expectedText, actualText);
  return { equal, expectedText, actualText, diff };
}

/** `--- expected` / `+++ actual` and the hunks, without the `Index:`-style separator line the library puts first. */
function unifiedDiff(expectedText: string, actualText: string): string {
  const patch = createTwoFilesPatch(
    'expected',
    'actual',
    `${expectedText}\n`,
    `${actualText}\n`,
    undefined,
    undefined,
    { context: 3 },
  );
  return patch
    .split('\n')
    .filter((line) => !/^=+$/.test(line))
    .map((line) => (/^(---|\+\+\+) /.test(line) ? line.trimEnd() : line))
    .join('\n');
}

/** JSON with two-space indents and object keys in sorted order, so equal values print the same. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
