import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { AsyncInvoker } from '../../../src/core/async/asyncInvoker';
import type { DestinationRecord } from '../../../src/core/async/types';
import { packageRoot } from '../../../src/core/assets';
import { discoverWorkspace } from '../../../src/core/discovery';
import type { FunctionSpec } from '../../../src/core/model';
import { startInvokeApi, type InvokeApi } from '../../../src/core/invokeApi/invokeApiServer';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { FIXTURES, testFunction } from '../../support/functions';

const EXAMPLES = join(packageRoot(), 'examples');
const decode = (payload?: Uint8Array) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('@aws-sdk/client-lambda against the local Invoke API', () => {
  const runtime = new LocalRuntime();
  const records: DestinationRecord[] = [];
  let functions: FunctionSpec[];
  let asyncInvoker: AsyncInvoker;
  let api: InvokeApi;
  let lambda: LambdaClient;

  before(async () => {
    functions = (await discoverWorkspace(EXAMPLES)).functions;
    functions.push(testFunction(join(FIXTURES, 'runtime', 'node'), 'handlers.throws', { name: 'AlwaysFails' }));
    asyncInvoker = new AsyncInvoker({
      invoke: (fn, payload) => runtime.invoke(fn, payload),
      retryDelaysMs: [10, 10],
      recordPath: join(mkdtempSync(join(tmpdir(), 'lwb-async-')), 'records.jsonl'),
      onRecord: (record) => records.push(record),
    });
    api = await startInvokeApi({ runtime, functions: () => functions, asyncInvoker });
    lambda = new LambdaClient({
      endpoint: api.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    await asyncInvoker.dispose();
    await api.close();
    await runtime.dispose();
    lambda.destroy();
  });

  test('every example function answers with a Lambda-shaped response', async () => {
    const events: Record<string, unknown> = {
      HelloFunction: { queryStringParameters: { name: 'sdk' } },
      EsmFunction: { source: 'aws.events', time: '2026-11-23T03:00:00Z' },
      TypeScriptFunction: JSON.parse(readFileSync(join(EXAMPLES, 'events', 'order.json'), 'utf8')),
      CallbackFunction: { items: [1, 2, 3] },
      ImageResizeFunction: JSON.parse(readFileSync(join(EXAMPLES, 'events', 's3-put.json'), 'utf8')),
      PythonFunction: JSON.parse(readFileSync(join(EXAMPLES, 'events', 'order.json'), 'utf8')),
      GoFunction: JSON.parse(readFileSync(join(EXAMPLES, 'events', 's3-put.json'), 'utf8')),
    };
    assert.deepEqual(
      Object.keys(events).sort(),
      functions
        .filter((fn) => fn.name !== 'AlwaysFails')
        .map((fn) => fn.name)
        .sort(),
      'every example function is invoked',
    );
    for (const [name, event] of Object.entries(events)) {
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
      );
      assert.equal(out.StatusCode, 200, name);
      assert.equal(out.FunctionError, undefined, `${name}: ${Buffer.from(out.Payload ?? []).toString()}`);
      assert.equal(out.ExecutedVersion, '$LATEST');
    }
    const hello = await lambda.send(
      new InvokeCommand({
        FunctionName: 'HelloFunction',
        Payload: Buffer.from('{"queryStringParameters":{"name":"sdk"}}'),
      }),
    );
    assert.equal(JSON.parse(decode(hello.Payload).body).message, 'Hello, sdk!');
    const resized = decode(
      (
        await lambda.send(
          new InvokeCommand({
            FunctionName: 'ImageResizeFunction',
            Payload: Buffer.from(JSON.stringify(events.ImageResizeFunction)),
          }),
        )
      ).Payload,
    );
    assert.deepEqual(resized.results[0].thumbnail, {
      bucket: 'amzn-s3-demo-bucket-resized',
      key: 'resized-photos/summer holiday.jpg',
      width: 200,
    });
    const order = decode(
      (
        await lambda.send(
          new InvokeCommand({
            FunctionName: 'TypeScriptFunction',
            Payload: Buffer.from(JSON.stringify(events.TypeScriptFunction)),
          }),
        )
      ).Payload,
    );
    assert.equal(order.statusCode, 201);
  });

  test('LogType Tail returns the last 4 KB of logs with the REPORT line, base64', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'HelloFunction', LogType: 'Tail', Payload: Buffer.from('{}') }),
    );
    const logs = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    assert.match(logs, /START RequestId: [0-9a-f-]+ Version: \$LATEST/);
    assert.match(logs, /REPORT RequestId: [0-9a-f-]+\tDuration: /);
  });

  test('a function error is HTTP 200 with FunctionError Unhandled and the runtime error body unchanged', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'AlwaysFails', Payload: Buffer.from('{}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const body = decode(out.Payload);
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'bad input');
    assert.ok(Array.isArray(body.trace));
  });

  test('functions are found by name and by ARN; an unknown one is ResourceNotFoundException', async () => {
    const byArn = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
        Payload: Buffer.from('{}'),
      }),
    );
    assert.equal(byArn.StatusCode, 200);
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'NoSuchFunction' })), (error: Error) => {
      assert.equal(error.name, 'ResourceNotFoundException');
      assert.match(error.message, /Function not found: arn:aws:lambda:us-east-1:123456789012:function:NoSuchFunction/);
      return true;
    });
  });

  test('Event invocations are accepted with 202 and run; failures are retried twice, then recorded', async () => {
    const ok = await lambda.send(
      new InvokeCommand({ FunctionName: 'HelloFunction', InvocationType: 'Event', Payload: Buffer.from('{}') }),
    );
    assert.equal(ok.StatusCode, 202);
    const failing = await lambda.send(
      new InvokeCommand({ FunctionName: 'AlwaysFails', InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }),
    );
    assert.equal(failing.StatusCode, 202);
    await asyncInvoker.idle();
    const failure = records.find((r) => r.requestContext.condition === 'RetriesExhausted');
    assert.ok(failure, JSON.stringify(records));
    assert.equal(failure.requestContext.approximateInvokeCount, 3);
    assert.deepEqual(failure.requestPayload, { n: 1 });
  });

  test('DryRun answers 204 without running anything', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'HelloFunction', InvocationType: 'DryRun' }));
    assert.equal(out.StatusCode, 204);
  });

  test('requests Lambda refuses: over 6 MB, and not JSON', async () => {
    await assert.rejects(
      lambda.send(
        new InvokeCommand({
          FunctionName: 'HelloFunction',
          Payload: Buffer.from(JSON.stringify({ d: 'x'.repeat(6 * 1024 * 1024) })),
        }),
      ),
      (error: Error) => error.name === 'RequestTooLargeException',
    );
    await assert.rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'HelloFunction', Payload: Buffer.from('{not json') })),
      (error: Error) =>
        error.name === 'InvalidRequestContentException' && /Could not parse request body into json/.test(error.message),
    );
  });

  test('GetFunction and ListFunctions describe the local functions', async () => {
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'TypeScriptFunction' }));
    assert.equal(got.Configuration?.Handler, 'src/app.handler');
    assert.equal(got.Configuration?.MemorySize, 512);
    assert.equal(got.Configuration?.Runtime, 'nodejs20.x');
    const list = await lambda.send(new ListFunctionsCommand({}));
    assert.ok(list.Functions?.some((f) => f.FunctionName === 'ImageResizeFunction'));
  });
});
