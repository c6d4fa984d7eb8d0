import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findHandlerDefinitions } from '../../../src/core/discovery';

const names = (file: string, text: string) =>
  findHandlerDefinitions(file, text).map((d) => [d.exportName, d.line, d.column]);

test('JavaScript: exports.x, module.exports.x, and a local function behind exports.x = name', () => {
  const text = [
    "'use strict';",
    'exports.handler = async (event) => event;',
    '  module.exports.other = function () {};',
    'async function impl() {}',
    'exports.third = impl;',
    '// exports.commented = () => {};',
    "const s = 'exports.inString = 1';",
    'if (exports.handler == null) {}',
  ].join('\n');
  assert.deepEqual(names('a.js', text), [
    ['handler', 1, 8],
    ['other', 2, 17],
    ['third', 3, 15],
  ]);
  const first = findHandlerDefinitions('a.cjs', text)[0];
  assert.equal(first.offset, text.indexOf('handler'));
  assert.equal(first.language, 'javascript');
});

test('ES modules and TypeScript: export const/let, export (async) function, export { x as y }', () => {
  const text = [
    "import type { Handler } from 'aws-lambda';",
    'export const handler: Handler = async () => 1;',
    'export async function processOrder(event: unknown) {}',
    'export function* gen() {}',
    'const internal = () => 2;',
    'export { internal as renamed, internal };',
    "export { handler as reexported } from './other';",
    '/* export const hidden = 1; */',
  ].join('\n');
  assert.deepEqual(names('a.ts', text), [
    ['handler', 1, 13],
    ['processOrder', 2, 22],
    ['gen', 3, 17],
    ['renamed', 4, 6],
    ['internal', 4, 6],
    ['reexported', 6, 9],
  ]);
  assert.equal(findHandlerDefinitions('a.mts', text)[0].language, 'typescript');
});

test('module.exports = { a, b: fn }: shorthand keys at their local definitions', () => {
  const text = [
    'async function handler() {}',
    'const other = 1;',
    'module.exports = {',
    '  handler,',
    '  second: () => ({ nested: 1 }),',
    '};',
  ].join('\n');
  assert.deepEqual(names('x.js', text), [
    ['handler', 0, 15],
    ['second', 4, 2],
  ]);
});

test('a string holding a regular expression with quotes does not hide later exports', () => {
  const text = ["const re = /'/g;", 'export const handler = () => "x".replace(re, "");'].join('\n');
  assert.deepEqual(names('r.mjs', text), [['handler', 1, 13]]);
});

test('Python: top-level def name(event, context) only', () => {
  const text = [
    'import json',
    '# def lambda_handler(event, context):',
    'def helper(a, b):',
    '    pass',
    'def lambda_handler(event, context):',
    '    def inner(event, context):',
    '        pass',
    'def typed(event: Dict[str, Any], context: LambdaContext) -> dict:',
    '    pass',
    'def one(event):',
    '    pass',
  ].join('\n');
  assert.deepEqual(names('app.py', text), [
    ['lambda_handler', 4, 4],
    ['typed', 7, 4],
  ]);
});

test('Go: the function passed to lambda.Start, or the call when the handler is inline', () => {
  const named = [
    'package main',
    '',
    'func handle(ctx context.Context) error {',
    '\treturn nil',
    '}',
    '',
    'func main() {',
    '\tlambda.Start(handle)',
    '}',
  ].join('\n');
  assert.deepEqual(names('main.go', named), [['handle', 2, 5]]);
  const inline = [
    'package main',
    '',
    'func main() {',
    '\tlambda.StartWithOptions(func() error { return nil }, lambda.WithContext(ctx))',
    '}',
  ].join('\n');
  assert.deepEqual(names('main.go', inline), [['main', 3, 1]]);
  const elsewhere = [
    'package main',
    'func main() {',
    '  // lambda.Start(commented)',
    '  lambda.Start(h.Handle)',
    '}',
  ].join('\n');
  assert.deepEqual(names('main.go', elsewhere), [['h.Handle', 3, 2]]);
  const built = ['package main', 'func main() {', '  lambda.Start(newHandler().Handle)', '}'].join('\n');
  assert.deepEqual(names('main.go', built), [['main', 2, 2]]);
});

test('other files and declaration files have no definitions', () => {
  assert.deepEqual(findHandlerDefinitions('types.d.ts', 'export const handler: any;'), []);
  assert.deepEqual(findHandlerDefinitions('README.md', 'exports.handler = 1'), []);
});
