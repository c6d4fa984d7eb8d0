import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stackFrames } from '../../../src/core/testing';

describe('stack frames of a function error', () => {
  test("Node.js trace lines: named and anonymous frames, file URLs; frames in the code folder are the function's own", () => {
    const frames = stackFrames(
      [
        'TypeError: items must be numbers',
        '    at exports.handler (/work/app/callback/handler.js:6:14)',
        '    at file:///work/app/callback/lib/util.mjs:3:7',
        '    at check (/work/app/callback/node_modules/zod/index.js:10:2)',
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ],
      '/work/app/callback',
    );
    assert.deepEqual(frames, [
      { label: 'exports.handler', file: '/work/app/callback/handler.js', line: 6, column: 14, own: true },
      { label: '<anonymous>', file: '/work/app/callback/lib/util.mjs', line: 3, column: 7, own: true },
      { label: 'check', file: '/work/app/callback/node_modules/zod/index.js', line: 10, column: 2, own: false },
    ]);
  });

  test('Python stackTrace entries, each a frame with its source line', () => {
    const frames = stackFrames(
      [
        '  File "/work/app/python-app/app.py", line 17, in lambda_handler\n    raise ValueError("no")\n',
        '  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads\n',
      ],
      '/work/app/python-app',
    );
    assert.deepEqual(frames, [
      { label: 'lambda_handler', file: '/work/app/python-app/app.py', line: 17, column: 1, own: true },
      { label: 'loads', file: '/usr/lib/python3.11/json/__init__.py', line: 346, column: 1, own: false },
    ]);
  });

  test('anything else gives no frames', () => {
    assert.deepEqual(stackFrames(undefined, '/x'), []);
    assert.deepEqual(stackFrames('at a (/x/y.js:1:2)', '/x'), []);
  });
});
