import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AsyncInvoker } from '../../src/core/async/asyncInvoker';
import { startInvokeApi, type InvokeApi } from '../../src/core/invokeApi/invokeApiServer';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';
import { json, testFunction } from '../support/functions';
import { errorType, FAULT_FIXTURES, raw, type RawResponse } from './support';

const NODE = join(FAULT_FIXTURES, 'node');
const PYTHON = join(FAULT_FIXTURES, 'python');

describe('the Invoke API checks its input as Lambda does, before anything runs', () => {
  const runtime = new LocalRuntime({ region: 'eu-west-1', accountId: '111122223333' });
  const echo = testFunction(NODE, 'handlers.echo', { name: 'Echo', aliases: ['live'] });
  const single = testFunction(NODE, 'handlers.slow', { name: 'Single', reservedConcurrency: 1 });
  const none = testFunction(NODE, 'handlers.echo', { name: 'Disabled', reservedConcurrency: 0 });
  const tenants = testFunction(NODE, 'handlers.echo', { name: 'PerTenant', tenantIsolation: true });
  const pyTenants = testFunction(PYTHON, 'app.echo', {
    name: 'PyPerTenant',
    runtime: 'python3.11',
    tenantIsolation: true,
  });
  let api: InvokeApi;
  let asyncInvoker: AsyncInvoker;
  const post = (
    name: string,
    options: { query?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<RawResponse> =>
    raw(api.port, {
      method: 'POST',
      path: `/2015-03-31/functions/${encodeURIComponent(name)}/invocations${options.query ?? ''}`,
      headers: options.headers,
      body: options.body ?? '{}',
    });

  before(async () => {
    asyncInvoker = new AsyncInvoker({
      invoke: (fn, payload, options) => runtime.invoke(fn, payload, options),
      retryDelaysMs: [10, 10],
      recordPath: join(mkdtempSync(join(tmpdir(), 'lwb-faults-')), 'records.jsonl'),
    });
    api = await startInvokeApi({
      runtime,
      functions: () => [echo, single, none, tenants, pyTenants],
      asyncInvoker,
      bodyIdleTimeoutMs: 500,
    });
  });
  after(async () => {
    await api.close();
    await asyncInvoker.dispose();
    await runtime.dispose();
  });

  test('an unknown Qualifier is 404 ResourceNotFoundException, and no instance starts (nothing for the SDK to retry)', async () => {
    const answer = await post('Echo', { query: '?Qualifier=staging' });
    assert.equal(answer.status, 404);
    assert.equal(errorType(answer), 'ResourceNotFoundException');
    assert.match(JSON.parse(answer.body).Message, /function:Echo:staging/);
    assert.equal(runtime.instances(echo.id).length, 0);
  });

  test('a qualifier in the ARN is checked too: unknown 404, and one that disagrees with Qualifier 400', async () => {
    const unknown = await post('arn:aws:lambda:eu-west-1:111122223333:function:Echo:nope');
    assert.deepEqual([unknown.status, errorType(unknown)], [404, 'ResourceNotFoundException']);
    const clash = await post('Echo:live', { query: '?Qualifier=7' });
    assert.deepEqual([clash.status, errorType(clash)], [400, 'InvalidParameterValueException']);
  });

  test('$LATEST, a version number and an alias the template declares all run, each reported as executed', async () => {
    for (const qualifier of ['$LATEST', '3', 'live']) {
      const answer = await post('Echo', { query: `?Qualifier=${encodeURIComponent(qualifier)}` });
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.headers['x-amz-executed-version'], qualifier);
    }
  });

  test('an ARN of another account or another region is 404', async () => {
    for (const name of [
      'arn:aws:lambda:eu-west-1:999999999999:function:Echo',
      'arn:aws:lambda:us-east-1:111122223333:function:Echo',
      '999999999999:function:Echo',
    ]) {
      const answer = await post(name);
      assert.deepEqual([answer.status, errorType(answer)], [404, 'ResourceNotFoundException'], name);
    }
  });

  test('X-Amz-Log-Type other than None or Tail is a 400 ValidationException', async () => {
    const answer = await post('Echo', { headers: { 'X-Amz-Log-Type': 'Everything' } });
    assert.deepEqual([answer.status, errorType(answer)], [400, 'ValidationException']);
    assert.match(JSON.parse(answer.body).message, /Member must satisfy enum value set: \[Tail, None\]/);
  });

  test('an X-Amz-Invocation-Type outside the enum is a 400 ValidationException', async () => {
    const answer = await post('Echo', { headers: { 'X-Amz-Invocation-Type': 'Later' } });
    assert.deepEqual([answer.status, errorType(answer)], [400, 'ValidationException']);
  });

  test('X-Amz-Client-Context that is not base64, not JSON, not an object or over 3583 bytes is a 400', async () => {
    const cases = {
      'not base64': '***',
      'not JSON': Buffer.from('{"custom":').toString('base64'),
      'not an object': Buffer.from('[1,2]').toString('base64'),
      'over 3583 bytes': Buffer.from(JSON.stringify({ custom: { pad: 'x'.repeat(2800) } })).toString('base64'),
    };
    for (const [what, value] of Object.entries(cases)) {
      const answer = await post('Echo', { headers: { 'X-Amz-Client-Context': value } });
      assert.deepEqual([answer.status, errorType(answer)], [400, 'InvalidRequestContentException'], what);
    }
  });

  test('a valid client context with Japanese text reaches the handler (200, not 500)', async () => {
    const context = Buffer.from(JSON.stringify({ custom: { city: '大阪' } })).toString('base64');
    const answer = await post('Echo', { headers: { 'X-Amz-Client-Context': context } });
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(JSON.parse(answer.body).clientContext, { custom: { city: '大阪' } });
  });

  test('an Event invocation with a payload that is not JSON gets the 400 a RequestResponse one gets', async () => {
    const event = await post('Echo', { headers: { 'X-Amz-Invocation-Type': 'Event' }, body: 'not json' });
    const sync = await post('Echo', { body: 'not json' });
    assert.deepEqual([event.status, errorType(event)], [400, 'InvalidRequestContentException']);
    assert.deepEqual([sync.status, errorType(sync)], [400, 'InvalidRequestContentException']);
  });

  test('past ReservedConcurrentExecutions a synchronous invoke is 429 TooManyRequestsException, not queued', async () => {
    const first = post('Single', { body: '{"ms":1500}' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await post('Single', { body: '{"ms":1}' });
    assert.deepEqual([second.status, errorType(second)], [429, 'TooManyRequestsException']);
    assert.equal(JSON.parse(second.body).Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal((await first).status, 200);
  });

  test('ReservedConcurrentExecutions 0 throttles every synchronous invoke', async () => {
    const answer = await post('Disabled');
    assert.deepEqual([answer.status, errorType(answer)], [429, 'TooManyRequestsException']);
    assert.equal(runtime.instances(none.id).length, 0);
  });

  test('a request body that stalls is answered 408 and its connection closed', async () => {
    const socket = connect(api.port, '127.0.0.1');
    socket.write(
      `POST /2015-03-31/functions/Echo/invocations HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\nContent-Length: 100\r\n\r\n{"partial":`,
    );
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /x-amzn-ErrorType: RequestTimeoutException/i);
  });

  test('tenant isolation: X-Amz-Tenant-Id reaches context.tenantId in Node', async () => {
    const answer = await post('PerTenant', { headers: { 'X-Amz-Tenant-Id': 'blue' } });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).tenantId, 'blue');
  });

  test('tenant isolation: each tenant runs on instances of its own', async () => {
    await post('PerTenant', { headers: { 'X-Amz-Tenant-Id': 'green' } });
    const pids = runtime.instances(tenants.id).map((i) => i.pid);
    assert.equal(new Set(pids).size, pids.length);
    assert.ok(pids.length >= 2, `instances ${pids.length}`);
  });

  test('tenant isolation: a function with it invoked without a tenant, or one without it invoked with one, is 400 InvalidParameterValueException', async () => {
    const missing = await post('PerTenant');
    const unexpected = await post('Echo', { headers: { 'X-Amz-Tenant-Id': 'blue' } });
    const asyncMissing = await post('PerTenant', { headers: { 'X-Amz-Invocation-Type': 'Event' } });
    for (const answer of [missing, unexpected, asyncMissing])
      assert.deepEqual([answer.status, errorType(answer)], [400, 'InvalidParameterValueException']);
  });

  test('tenant isolation: the tenant reaches context.tenant_id in Python, through the AWS SDK', async () => {
    const lambda = new LambdaClient({
      endpoint: api.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    lambda.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-tenant-id'] = 'orange';
        return next(args);
      },
      { step: 'build' },
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'PyPerTenant', Payload: Buffer.from('{}') }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.equal(json({ payload: Buffer.from(out.Payload!) }).tenant_id, 'orange');
  });
});
