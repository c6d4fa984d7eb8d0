import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapResult } from '../../../src/core/local/apiGateway/response';
import { fakeFunction, fakeResult } from './fakes';

const fn = fakeFunction('F');
const ok = (value: unknown) => fakeResult(fn, 'success', value);

test('payload 1.0: statusCode, headers merged with multiValueHeaders, base64 bodies decoded', () => {
  const mapped = mapResult(
    ok({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-One': 1 },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'X-One': ['m'] },
      body: Buffer.from([1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    }),
    '1.0',
  );
  assert.ok(!('reason' in mapped));
  assert.equal(mapped.statusCode, 201);
  // "API Gateway merges them into a single list": X-One keeps both values; a pair given in both would appear once.
  assert.deepEqual(mapped.headers, [
    ['Set-Cookie', 'a=1'],
    ['Set-Cookie', 'b=2'],
    ['X-One', 'm'],
    ['Content-Type', 'image/png'],
    ['X-One', '1'],
  ]);
  assert.deepEqual([...mapped.body], [1, 2, 255]);
});

test('payload 1.0: a header in both maps with the same value appears once; no Content-Type answers application/json; a 1xx status is malformed', () => {
  const mapped = mapResult(
    ok({ statusCode: 200, headers: { 'x-a': 'same' }, multiValueHeaders: { 'X-A': ['same', 'other'] }, body: '{}' }),
    '1.0',
  );
  assert.ok(!('reason' in mapped));
  assert.deepEqual(mapped.headers, [
    ['X-A', 'same'],
    ['X-A', 'other'],
    ['Content-Type', 'application/json'],
  ]);
  const switching = mapResult(ok({ statusCode: 101, body: '' }), '1.0');
  assert.ok(
    'reason' in switching && /statusCode must be a whole number from 200 to 599, got 101/.test(switching.reason),
  );
});

test('payload 1.0: a response without statusCode or with an object body is malformed', () => {
  const noStatus = mapResult(ok({ body: 'hi' }), '1.0');
  assert.ok('reason' in noStatus && /statusCode must be a whole number/.test(noStatus.reason));
  const objectBody = mapResult(ok({ statusCode: 200, body: { a: 1 } }), '1.0');
  assert.ok('reason' in objectBody && /body must be a string/.test(objectBody.reason));
  const notObject = mapResult(ok('"just text"'), '1.0');
  assert.ok('reason' in notObject && /expected an object with statusCode/.test(notObject.reason));
});

test('payload 2.0: a result without statusCode is inferred as a 200 JSON body', () => {
  for (const value of [{ hello: 'world' }, '"text"', '42', 'null']) {
    const mapped = mapResult(ok(value), '2.0');
    assert.ok(!('reason' in mapped));
    assert.equal(mapped.statusCode, 200);
    assert.deepEqual(mapped.headers, [['content-type', 'application/json']]);
    assert.equal(mapped.body.toString(), typeof value === 'string' ? value : JSON.stringify(value));
  }
});

test('payload 2.0: cookies become set-cookie headers', () => {
  const mapped = mapResult(
    ok({ statusCode: 302, headers: { location: '/next' }, cookies: ['s=1; HttpOnly', 't=2'] }),
    '2.0',
  );
  assert.ok(!('reason' in mapped));
  assert.deepEqual(mapped.headers, [
    ['location', '/next'],
    ['set-cookie', 's=1; HttpOnly'],
    ['set-cookie', 't=2'],
  ]);
  assert.equal(mapped.body.length, 0);
});

test('function errors and timeouts give a reason that names the error', () => {
  const failed = mapResult(fakeResult(fn, 'error', { errorType: 'TypeError', errorMessage: 'x is undefined' }), '2.0');
  assert.deepEqual(failed, { reason: 'the function failed (TypeError: x is undefined)' });
  const timedOut = mapResult(fakeResult(fn, 'timeout', { errorMessage: 'Task timed out after 3.00 seconds' }), '1.0');
  assert.ok('reason' in timedOut && /timed out/.test(timedOut.reason));
});
