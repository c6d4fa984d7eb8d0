/**
 * Hostile and broken templates: each is one file of a workspace that also holds a sound SAM app, and each must
 * end as precise diagnostics on that file while the sound app's function is still found.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { discoverWorkspace } from '../../src/core/discovery';
import type { Diagnostic } from '../../src/core/model';

const SOUND_TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  SoundFunction:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: index.handler',
  '      Runtime: nodejs20.x',
].join('\n');

/** A workspace with the sound app and the given hostile files; answers its discovery. */
async function discoverWith(files: Record<string, string>, prepare?: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const all: Record<string, string> = {
    'sound/template.yaml': SOUND_TEMPLATE,
    'sound/src/index.js': 'exports.handler = async () => 1;\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  prepare?.(dir);
  const result = await discoverWorkspace(dir);
  assert.ok(
    result.functions.some((f) => f.name === 'SoundFunction' && f.handlerFile === join(dir, 'sound', 'src', 'index.js')),
    `the sound app is still found: ${result.functions.map((f) => f.name).join(', ')}`,
  );
  return {
    dir,
    result,
    about: (path: string) => result.diagnostics.filter((d) => d.file === join(dir, path)).map(brief),
  };
}

function brief(d: Diagnostic): string {
  return `${d.line}:${d.column} ${d.severity} ${d.message}`;
}

const fn = (id: string, props: string[], extra: string[] = []) =>
  [
    'Resources:',
    `  ${id}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    ...props.map((p) => `      ${p}`),
    ...extra,
  ].join('\n');

test('a YAML alias bomb is refused at its first alias, with no memory blow-up', async () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    levels.push(
      `l${i}: &l${i} [${Array(10)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(',')}]`,
    );
  const bomb = [
    `${fn('Bomb', ['Handler: index.handler', 'Runtime: nodejs20.x'])}`,
    'Metadata:',
    ...levels.map((l) => `  ${l}`),
  ].join('\n');
  const { about } = await discoverWith({ 'bomb/template.yaml': bomb });
  assert.deepEqual(about('bomb/template.yaml'), [
    '8:11 error YAML aliases expand to too many values (an alias bomb?); the file is not read',
  ]);
});

test('circular Conditions are an error at the condition, not a stack overflow', async () => {
  const text = [
    'Conditions:',
    '  A: !And [!Condition B, !Equals [x, x]]',
    '  B: !Not [!Condition A]',
    '  Self: !Or [!Condition Self, !Equals [1, 1]]',
    fn('Looping', [
      'CodeUri: .',
      'Handler: index.handler',
      'Runtime: nodejs20.x',
      'Environment:',
      '  Variables:',
      '    MODE: !If [A, on, off]',
    ]),
  ].join('\n');
  const { about } = await discoverWith({ 'loop/template.yaml': text, 'loop/index.js': 'exports.handler = 1;\n' });
  assert.deepEqual(about('loop/template.yaml'), [
    '1:2 error Condition A refers to itself (A → B → A); CloudFormation rejects the template',
    '3:2 error Condition Self refers to itself (Self → Self); CloudFormation rejects the template',
    "13:10 warning Looping: environment variable MODE can't be resolved locally (condition A refers to itself (A → B → A)); it is set to an empty string — give it a value in env.json",
  ]);
});

test('handler strings are matched literally: regex syntax neither throws nor hangs', async () => {
  const text = [
    fn('Redos', ['CodeUri: .', "Handler: 'index.(a+)+$'", 'Runtime: nodejs20.x']),
    '  Bracket:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: .',
    "      Handler: 'app.[unclosed'",
    '      Runtime: python3.12',
  ].join('\n');
  const { result, about } = await discoverWith({
    'hostile/template.yaml': text,
    'hostile/index.js': `exports.handler = 1;\n// ${'a'.repeat(40)}!\n`,
    'hostile/app.py': 'def lambda_handler(event, context):\n    pass\n',
  });
  assert.deepEqual(about('hostile/template.yaml'), [
    '5:6 warning Redos: index.js has no visible definition of "(a+)+$"',
    '11:6 warning Bracket: app.py has no top-level "[unclosed"',
  ]);
  assert.deepEqual(
    result.functions
      .filter((f) => f.templatePath)
      .map((f) => f.name)
      .sort(),
    ['Bracket', 'Redos', 'SoundFunction'],
  );
});

test('values nested past any real template are a warning on that variable', async () => {
  const deep = `${'['.repeat(300)}x${']'.repeat(300)}`;
  const text = fn('Deep', [
    'CodeUri: .',
    'Handler: index.handler',
    'Runtime: nodejs20.x',
    'Environment:',
    '  Variables:',
    `    DEEP: ${deep}`,
  ]);
  const { about } = await discoverWith({ 'deep/template.yaml': text, 'deep/index.js': 'exports.handler = 1;\n' });
  assert.deepEqual(about('deep/template.yaml'), [
    "9:10 warning Deep: environment variable DEEP can't be resolved locally (the value nests more than 200 levels deep); it is set to an empty string — give it a value in env.json",
  ]);
});

test('YAML nested deeper than the parser can follow is a syntax error on that file', async () => {
  const text = fn('Abyss', [
    'Handler: index.handler',
    'Runtime: nodejs20.x',
    `Layers: ${'['.repeat(20000)}${']'.repeat(20000)}`,
  ]);
  const { about } = await discoverWith({ 'abyss/template.yaml': text });
  const [first, ...rest] = about('abyss/template.yaml');
  assert.match(first, /^6:\d+ error YAML syntax error: Maximum call stack size exceeded$/);
  assert.deepEqual(rest, []);
});

test('a folder named like a Go source file ends as an error on the template, not the end of discovery', async () => {
  const text = fn(
    'GoFn',
    ['CodeUri: gofn/', 'Handler: bootstrap', 'Runtime: provided.al2023'],
    ['    Metadata:', '      BuildMethod: go1.x'],
  );
  const { about } = await discoverWith({ 'golang/template.yaml': text, 'golang/gofn/main.go/keep': '' });
  assert.deepEqual(about('golang/template.yaml'), [
    '0:0 error This file could not be read for functions: EISDIR: illegal operation on a directory, read',
  ]);
});

test('CodeUri outside the workspace is a warning at CodeUri', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'outside-'));
  after(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(join(outside, 'index.js'), 'exports.handler = 1;\n');
  const text = fn('Outside', [`CodeUri: ${outside}`, 'Handler: index.handler', 'Runtime: nodejs20.x']);
  const { dir, result, about } = await discoverWith({ 'a/b/template.yaml': text });
  assert.deepEqual(about('a/b/template.yaml'), [
    `4:6 warning Outside: its code folder ${outside} is outside the workspace ${dir}; it runs and deploys from there`,
  ]);
  assert.equal(result.functions.find((f) => f.name === 'Outside')?.handlerFile, join(outside, 'index.js'));
});

test('symbolic-link loops are said once and not followed; links out of the workspace neither', async () => {
  const { dir, about } = await discoverWith({ 'linked/inner/keep.txt': '' }, (dir) => {
    symlinkSync(join(dir, 'linked'), join(dir, 'linked', 'inner', 'back'));
    symlinkSync(join(dir, 'linked', 'inner', 'self'), join(dir, 'linked', 'inner', 'self'));
    symlinkSync(tmpdir(), join(dir, 'linked', 'out'));
  });
  const real = realpathSync(dir);
  assert.deepEqual(about('linked/inner/back'), [
    `0:0 warning The symbolic link ${join(dir, 'linked', 'inner', 'back')} leads back to ${join(real, 'linked')}, a folder that contains it (a loop); it is not followed`,
  ]);
  assert.deepEqual(about('linked/inner/self'), [
    `0:0 warning The symbolic link ${join(dir, 'linked', 'inner', 'self')} leads nowhere (or around in a loop); it is not followed`,
  ]);
  assert.deepEqual(about('linked/out'), [
    `0:0 info The symbolic link ${join(dir, 'linked', 'out')} leads out of the workspace (to ${realpathSync(tmpdir())}); it is not followed`,
  ]);
});

test('a serverless.yml whose variables refer to each other is a warning, not a hang', async () => {
  const text = [
    'service: cyclic',
    'provider: { name: aws, runtime: nodejs20.x }',
    'custom:',
    '  a: ${self:custom.b}',
    '  b: ${self:custom.a}',
    'functions:',
    '  ping:',
    '    handler: index.handler',
    '    environment:',
    '      A: ${self:custom.a}',
  ].join('\n');
  const { about } = await discoverWith({ 'sls/serverless.yml': text, 'sls/index.js': 'exports.handler = 1;\n' });
  assert.deepEqual(about('sls/serverless.yml'), [
    "9:6 warning ping: environment variable A can't be resolved locally (variables nest too deeply (a reference cycle?)); it is set to an empty string — give it a value in env.json",
  ]);
});

test('names of Object.prototype in a template are only names', async () => {
  const text = [
    'Parameters:',
    '  Real: { Type: String, Default: fine }',
    'Mappings:',
    '  M: { k: { v: mapped } }',
    fn('Proto', [
      'CodeUri: .',
      'Handler: index.handler',
      'Runtime: nodejs20.x',
      'Environment:',
      '  Variables:',
      '    CTOR: !Ref constructor',
      '    PROTO: !FindInMap [M, __proto__, toString]',
      '    REAL: !Ref Real',
    ]),
  ].join('\n');
  const { result, about } = await discoverWith({
    'proto/template.yaml': text,
    'proto/index.js': 'exports.handler = 1;\n',
  });
  assert.deepEqual(result.functions.find((f) => f.name === 'Proto')?.environment, {
    CTOR: '',
    PROTO: '',
    REAL: 'fine',
  });
  assert.deepEqual(about('proto/template.yaml'), [
    "13:10 warning Proto: environment variable CTOR can't be resolved locally (!Ref constructor names a resource (or a parameter with no Default), known only once deployed); it is set to an empty string — give it a value in env.json",
    "14:10 warning Proto: environment variable PROTO can't be resolved locally (Fn::FindInMap finds nothing at M.__proto__.toString); it is set to an empty string — give it a value in env.json",
  ]);
});

test('broken syntax in YAML and JSON templates is an error at its position', async () => {
  const { about } = await discoverWith({
    'yaml/template.yaml': 'Resources:\n  F:\n    Type: [unclosed\n',
    'json/template.json': '{ "Resources": { "F": { "Type": "AWS::Serverless::Function", } }',
    'binary/template.yaml': '\u0000\u0001\u0002\uFFFD: [\n',
  });
  assert.match(about('yaml/template.yaml')[0], /^3:\d+ error YAML syntax error: /);
  assert.match(about('json/template.json')[0], /^0:\d+ error JSON syntax error: /);
  assert.deepEqual(about('binary/template.yaml'), [
    '1:0 error YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ]);
});

test('a template of the wrong shape yields its diagnostics and nothing else', async () => {
  const text = [
    'Resources:',
    '  Weird:',
    '    Type: AWS::Serverless::Function',
    '    Properties: just a string',
    '  Listed: [1, 2]',
  ].join('\n');
  const { about } = await discoverWith({ 'shape/template.yaml': text });
  assert.deepEqual(about('shape/template.yaml'), [
    '3:4 error Weird: Handler is missing or not a string',
    '3:4 error Weird: Runtime is missing or not a string',
  ]);
});
