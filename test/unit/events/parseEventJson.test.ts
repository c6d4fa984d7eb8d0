import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEventJson } from '../../../src/core/events';

test('any JSON value is an event', () => {
  for (const text of ['{}', '[]', '"text"', '42', 'null', ' true ', '{"a":[1,{"b":null}]}']) {
    assert.deepEqual(parseEventJson(text), { ok: true, value: JSON.parse(text) });
  }
});

test('malformed JSON: a specific message at the line and column of the problem', () => {
  const cases: Array<[string, string, number, number]> = [
    ['{\n  "a": 1,\n}', "Trailing comma before '}' is not allowed in JSON", 2, 0],
    ['{"a":}', "Unexpected '}': a value was expected (object, array, string, number, true, false or null)", 0, 5],
    ['{\n  "a" 1\n}', "Expected ':' after property name, found '1'", 1, 6],
    ["{'a': 1}", "Expected a double-quoted property name, found '''", 0, 1],
    ['[1, 2', "Expected ',' or ']' after array element, found end of input", 0, 5],
    ['{"a": "x\ny"}', 'Unterminated string: a line break inside a string must be written \\n', 0, 8],
    ['', 'Unexpected end of input: a value was expected', 0, 0],
    ['{} {}', "Unexpected '{' after the end of the JSON value", 0, 3],
    [
      '{\n  "a": tru\n}',
      "Unexpected 't': a value was expected (object, array, string, number, true, false or null)",
      1,
      7,
    ],
  ];
  for (const [text, message, line, column] of cases) {
    const result = parseEventJson(text);
    assert.equal(result.ok, false, text);
    if (result.ok) continue;
    assert.deepEqual(
      { message: result.message, line: result.line, column: result.column },
      { message, line, column },
      text,
    );
  }
});
