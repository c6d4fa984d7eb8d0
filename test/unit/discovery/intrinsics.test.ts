import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextFor, resolveIntrinsics, tryResolve } from '../../../src/core/discovery/intrinsics';
import { parseSource } from '../../../src/core/discovery/parsedSource';

test('every CloudFormation short tag parses into its long form', () => {
  const text = [
    'a: !Ref P',
    'b: !Sub "${P}-x"',
    'c: !GetAtt Res.Arn',
    'd: !If [C, 1, 2]',
    'e: !Join [",", [x, y]]',
    'f: !Select [0, !GetAZs ""]',
    'g: !FindInMap [M, k, v]',
    'h: !ImportValue shared',
    'i: !Equals [a, b]',
    'j: !Not [!Condition C]',
    'k: !And [!Equals [a, a], !Or [!Equals [a, b], !Equals [b, b]]]',
    'l: !Base64 text',
    'm: !Split [",", "a,b"]',
    'n: !Cidr [10.0.0.0/16, 4, 8]',
    'o: !Sub',
    '  - "${X}"',
    '  - X: !Ref P',
  ].join('\n');
  const { source, diagnostics } = parseSource('t.yaml', text);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(source!.value, {
    a: { Ref: 'P' },
    b: { 'Fn::Sub': '${P}-x' },
    c: { 'Fn::GetAtt': ['Res', 'Arn'] },
    d: { 'Fn::If': ['C', 1, 2] },
    e: { 'Fn::Join': [',', ['x', 'y']] },
    f: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    g: { 'Fn::FindInMap': ['M', 'k', 'v'] },
    h: { 'Fn::ImportValue': 'shared' },
    i: { 'Fn::Equals': ['a', 'b'] },
    j: { 'Fn::Not': [{ Condition: 'C' }] },
    k: {
      'Fn::And': [
        { 'Fn::Equals': ['a', 'a'] },
        { 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, { 'Fn::Equals': ['b', 'b'] }] },
      ],
    },
    l: { 'Fn::Base64': 'text' },
    m: { 'Fn::Split': [',', 'a,b'] },
    n: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
    o: { 'Fn::Sub': ['${X}', { X: { Ref: 'P' } }] },
  });
});

test('local resolution: parameters, pseudo parameters, conditions, mappings; resources stay unresolved', () => {
  const ctx = contextFor(
    {
      Parameters: { Stage: { Default: 'dev' }, Names: { Type: 'CommaDelimitedList', Default: 'a,b' } },
      Mappings: { M: { dev: { Size: 5 } } },
      Conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] } },
    },
    { region: 'eu-west-1' },
  );
  assert.equal(
    resolveIntrinsics({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Stage}-${AWS::Region}-${AWS::AccountId}' }, ctx),
    'arn:aws:s3:::dev-eu-west-1-123456789012',
  );
  assert.equal(resolveIntrinsics({ 'Fn::Sub': '${!Literal}' }, ctx), '${Literal}');
  assert.equal(resolveIntrinsics({ 'Fn::If': ['IsDev', 'yes', 'no'] }, ctx), 'yes');
  assert.equal(resolveIntrinsics({ 'Fn::FindInMap': ['M', { Ref: 'Stage' }, 'Size'] }, ctx), 5);
  assert.equal(resolveIntrinsics({ 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y'] }] }, ctx), 'y');
  assert.equal(resolveIntrinsics({ 'Fn::Base64': 'hi' }, ctx), 'aGk=');
  assert.equal(resolveIntrinsics({ 'Fn::Select': [1, { Ref: 'Names' }] }, ctx), 'b');
  assert.equal(resolveIntrinsics({ 'Fn::Join': ['+', { Ref: 'Names' }] }, ctx), 'a+b');
  assert.deepEqual(resolveIntrinsics({ A: 1, B: { Ref: 'AWS::NoValue' } }, ctx), { A: 1 });
  assert.equal(tryResolve({ 'Fn::GetAtt': ['Queue', 'Arn'] }, ctx), undefined);
  assert.equal(tryResolve({ Ref: 'SomeResource' }, ctx), undefined);
  assert.equal(tryResolve({ 'Fn::Sub': '${Queue.Arn}' }, ctx), undefined);
  assert.equal(tryResolve({ 'Fn::ImportValue': 'x' }, ctx), undefined);
  assert.equal(contextFor({}).region, 'us-east-1');
  assert.equal(contextFor({}).accountId, '123456789012');
});
