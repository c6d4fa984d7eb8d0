import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countsAt, LineIndex } from '../../../src/core/testing/coverage/rangeCounts';
import { mergeFileCoverage } from '../../../src/core/testing/coverage';

describe('coverage counts', () => {
  test('the innermost V8 range holding an offset gives its count; offsets outside every range count 0', () => {
    const ranges = [
      { start: 0, end: 100, count: 1 },
      { start: 10, end: 60, count: 4 },
      { start: 20, end: 30, count: 0 },
      { start: 70, end: 90, count: 2 },
    ];
    assert.deepEqual(countsAt(ranges, [5, 15, 25, 30, 65, 75, 99, 100, 150]), [1, 4, 0, 4, 1, 2, 1, 0, 0]);
  });

  test('lines with code, without blank and comment-only lines', () => {
    const index = new LineIndex(
      '// a comment\nconst a = 1;\n\n/*\n * block\n */\n  let b = a;\n/* one line */\nb++;\n',
    );
    assert.deepEqual(
      index.codeLines().map((l) => l.line),
      [1, 6, 8],
    );
    assert.deepEqual(index.positionOf(index.offsetOf(6, 2)), { line: 6, column: 2 });
  });

  test('coverage of one file from several instances adds up', () => {
    const part = (count: number) => ({
      path: '/a.js',
      lines: new Map([
        [2, count],
        [1, 1],
      ]),
      branches: [{ line: 2, column: 4, count, label: 'block at 2:5' }],
      functions: [{ name: 'f', line: 1, count }],
    });
    const [merged] = mergeFileCoverage([part(1), part(0), part(2)]);
    assert.deepEqual(
      [...merged.lines],
      [
        [1, 3],
        [2, 3],
      ],
    );
    assert.deepEqual(
      merged.branches.map((b) => b.count),
      [3],
    );
    assert.deepEqual(
      merged.functions.map((f) => f.count),
      [3],
    );
  });
});
