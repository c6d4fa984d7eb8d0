import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareResult,
  formatExpectation,
  parseExpectation,
  parseIgnorePath,
  withoutPaths,
} from '../../../src/core/testing';

test('ignore paths: JSON pointers and $-paths with wildcards, indexes and quoted keys', () => {
  assert.deepEqual(parseIgnorePath('/headers/x~1request~0id'), ['headers', 'x/request~id']);
  assert.deepEqual(parseIgnorePath('$.items[*].id'), ['items', { any: true }, 'id']);
  assert.deepEqual(parseIgnorePath("$['odd key'][0].*"), ['odd key', 0, { any: true }]);
  assert.throws(() => parseIgnorePath('$'), /ignore path "\$" would ignore the whole result/);
  assert.throws(
    () => parseIgnorePath('items.id'),
    /ignore path "items.id" must be a JSON pointer \(\/a\/b\) or start with \$/,
  );
  assert.throws(
    () => parseIgnorePath('$.items[x]'),
    /ignore path "\$.items\[x\]" cannot be read at character 8 \("\[x\]"\)/,
  );
  const value = {
    id: 'r-1',
    items: [
      { id: 1, n: 'a' },
      { id: 2, n: 'b' },
    ],
    headers: { date: 'now', type: 'json' },
  };
  assert.deepEqual(withoutPaths(value, ['/id', '$.items[*].id', '/headers/date', '/missing/path']), {
    items: [{ n: 'a' }, { n: 'b' }],
    headers: { type: 'json' },
  });
  assert.deepEqual(
    withoutPaths([1, 2, 3], ['/1']),
    [1, '<ignored>', 3],
    'an ignored element keeps the positions of the others',
  );
  assert.equal(value.id, 'r-1', 'the original is untouched');
});

test('comparison: key order does not matter, array order does; a mismatch is a unified diff of pretty JSON', () => {
  assert.equal(compareResult({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }).equal, true);
  assert.equal(compareResult([1, 2], [2, 1]).equal, false);
  assert.equal(compareResult({ at: 1, v: 'x' }, { at: 2, v: 'x' }, ['/at']).equal, true);
  const mismatch = compareResult({ total: 6, count: 3 }, { count: 3, total: 7 });
  assert.equal(mismatch.equal, false);
  assert.equal(
    mismatch.diff,
    '--- expected\n+++ actual\n@@ -1,4 +1,4 @@\n {\n   "count": 3,\n-  "total": 6\n+  "total": 7\n }\n',
  );
  assert.equal(compareResult(null, 0).equal, false);
});

test('expectation files: a response or an error, ignore paths checked, every mistake named', () => {
  assert.deepEqual(parseExpectation('{"response": {"ok": true}, "ignore": ["/at"]}', 'e.json'), {
    response: { ok: true },
    ignore: ['/at'],
  });
  assert.deepEqual(parseExpectation('{"response": null}', 'e.json'), { response: null });
  assert.deepEqual(parseExpectation('{"error": {"errorType": "TypeError", "errorMessage": "no"}}', 'e.json'), {
    error: { errorType: 'TypeError', errorMessage: 'no' },
  });
  assert.throws(
    () => parseExpectation('{"response": 1, "error": {}}', 'e.json'),
    /^Error: e.json: an expectation has exactly one of "response"/,
  );
  assert.throws(() => parseExpectation('{}', 'e.json'), /exactly one of "response"/);
  assert.throws(() => parseExpectation('{"result": 1}', 'e.json'), /e.json: unknown key "result"/);
  assert.throws(
    () => parseExpectation('{"error": {"errorType": "X"}}', 'e.json'),
    /"error" must be \{ "errorType": "...", "errorMessage": "..." \}/,
  );
  assert.throws(
    () => parseExpectation('{"response": 1, "ignore": "/a"}', 'e.json'),
    /"ignore" must be a list of paths/,
  );
  assert.throws(
    () => parseExpectation('{"response": 1, "ignore": ["a"]}', 'e.json'),
    /e.json: ignore path "a" must be a JSON pointer/,
  );
  assert.throws(() => parseExpectation('{"response": }', 'e.json'), /^Error: e.json:1:14: /);
  assert.equal(
    formatExpectation({ response: { a: 1 }, ignore: ['/b'] }),
    '{\n  "ignore": [\n    "/b"\n  ],\n  "response": {\n    "a": 1\n  }\n}\n',
  );
});
