import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PRICING, estimateCost } from '../../../src/core/cost';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { isRuntimeClientFrame, stackFrameLocations } from '../../../src/core/stackFrames';
import { resultModel, responseView } from '../../../src/extension/run/resultView';
import { testFunction } from '../../support/functions';

const base: InvocationResult = {
  requestId: 'r-1',
  functionId: 'f',
  status: 'success',
  payload: Buffer.from('{"ok":true}'),
  logs: ['START RequestId: r-1 Version: $LATEST', 'END RequestId: r-1'],
  durationMs: 12.345,
  billedDurationMs: 100,
  memorySizeMB: 1024,
  maxMemoryUsedMB: 80,
  initDurationMs: 87.5,
  coldStart: true,
  warnings: [],
};

describe('the cost estimate', () => {
  test('GB-seconds of billed duration plus the request price, per architecture', () => {
    const x86 = estimateCost({ memorySizeMB: 1024, billedDurationMs: 1000, architecture: 'x86_64' });
    assert.equal(x86.gbSeconds, 1);
    assert.ok(Math.abs(x86.perInvocation - (0.0000166667 + 0.0000002)) < 1e-12);
    assert.ok(Math.abs(x86.perMillion - 16.8667) < 1e-3);
    const arm = estimateCost({ memorySizeMB: 512, billedDurationMs: 200, architecture: 'arm64' }, DEFAULT_PRICING);
    assert.ok(Math.abs(arm.perMillion - (0.1 * 0.0000133334 + 0.0000002) * 1e6) < 1e-6);
  });
});

describe('stack frames', () => {
  test('Node.js and Python frames become file locations (0-based)', () => {
    const frames = stackFrameLocations([
      'Error: boom',
      '    at handler (/work/app/src/app.ts:8:11)',
      '    at /work/app/index.js:3:5',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '  File "/work/py/app.py", line 12, in lambda_handler',
    ]);
    assert.deepEqual(
      frames.map((f) => [f.file, f.line, f.column]),
      [
        ['/work/app/src/app.ts', 7, 10],
        ['/work/app/index.js', 2, 4],
        ['/work/py/app.py', 11, 0],
      ],
    );
  });
});

describe('the result panel model', () => {
  const fn = testFunction('/code', 'index.handler', { name: 'Orders', memorySize: 1024 });

  test('with no REPORT line, only the round trip is shown: no billed duration, memory or cost read as zeros', () => {
    const unreported: InvocationResult = {
      ...base,
      durationMs: 41.5,
      billedDurationMs: 0,
      memorySizeMB: 0,
      maxMemoryUsedMB: undefined,
      initDurationMs: undefined,
      reported: false,
      warnings: ['Lambda returned no REPORT line, so durations and memory use are unknown.'],
    };
    const model = resultModel(fn, 'ping', unreported, DEFAULT_PRICING);
    assert.deepEqual(model.metrics, [{ label: 'Round trip', value: '41.50 ms (Lambda sent no REPORT line)' }]);
    assert.deepEqual(model.warnings, unreported.warnings);
  });

  test('a success shows the pretty response and every figure, init duration on a cold start', () => {
    const model = resultModel(fn, 'order', base, DEFAULT_PRICING);
    assert.equal(model.title, 'Orders: Succeeded');
    assert.equal(model.response, '{\n  "ok": true\n}');
    const labels = model.metrics.map((m) => m.label);
    assert.deepEqual(labels, ['Duration', 'Billed duration', 'Memory', 'Init duration (cold start)', 'Estimated cost']);
    assert.equal(model.metrics[0].value, '12.35 ms');
    assert.equal(model.metrics[2].value, '80 MB used of 1024 MB');
    assert.match(model.metrics[4].value, /^\$1\.87 per million invocations/);
  });

  test('an error lists its frames, linked where they point into a file', () => {
    const error = {
      errorType: 'TypeError',
      errorMessage: 'bad',
      trace: ['TypeError: bad', '    at handler (/code/index.js:4:9)'],
    };
    const model = resultModel(
      fn,
      '{}',
      {
        ...base,
        status: 'error',
        functionError: 'Unhandled',
        error,
        payload: Buffer.from(JSON.stringify(error)),
        initDurationMs: undefined,
        coldStart: false,
      },
      DEFAULT_PRICING,
    );
    assert.equal(model.statusText, 'Failed');
    assert.equal(model.response, undefined);
    assert.equal(model.error?.type, 'TypeError');
    assert.deepEqual(model.error?.frames[1], {
      text: '    at handler (/code/index.js:4:9)',
      file: '/code/index.js',
      line: 3,
      column: 8,
    });
    assert.equal(model.error?.frames[0].file, undefined);
    assert.ok(!model.metrics.some((m) => m.label.startsWith('Init')));
  });

  test('a JSON string body is shown parsed, with the raw response kept for the toggle', () => {
    const payload = {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"id":7,"items":["a"]}',
    };
    const model = resultModel(fn, 'get', { ...base, payload: Buffer.from(JSON.stringify(payload)) }, DEFAULT_PRICING);
    assert.deepEqual(JSON.parse(model.response!), { ...payload, body: { id: 7, items: ['a'] } });
    assert.match(model.response!, /"body": \{\n {4}"id": 7,/);
    assert.equal(model.rawResponse, JSON.stringify(payload, null, 2));
  });

  test('bodies that are not JSON objects or arrays, base64 bodies and other shapes are shown as returned', () => {
    for (const value of [
      { statusCode: 200, body: 'hello' },
      { statusCode: 200, body: '42' },
      { statusCode: 200, body: 'eyJhIjoxfQ==', isBase64Encoded: true },
      { statusCode: 200, body: { already: 'object' } },
      ['{"a":1}'],
      '{"a":1}',
    ]) {
      const view = responseView(JSON.stringify(value));
      assert.equal(view.response, JSON.stringify(value, null, 2));
      assert.equal(view.rawResponse, undefined);
    }
    assert.deepEqual(responseView('not json'), { response: 'not json' });
  });

  test("the runtime client's own frames are hidden and counted", () => {
    const trace = [
      'Error: boom',
      '    at handler (/code/index.js:4:9)',
      '    at invoke (/opt/ext/dist/clients/node.js:812:21)',
      '    at async loop (/opt/ext/dist/clients/node.js:901:7)',
    ];
    const error = { errorType: 'Error', errorMessage: 'boom', trace };
    const model = resultModel(
      fn,
      '{}',
      { ...base, status: 'error', functionError: 'Unhandled', error, payload: Buffer.from(JSON.stringify(error)) },
      DEFAULT_PRICING,
    );
    assert.deepEqual(
      model.error?.frames.map((f) => f.text),
      trace.slice(0, 2),
    );
    assert.equal(model.error?.hiddenFrames, 2);
    assert.ok(
      isRuntimeClientFrame(
        '  File "/opt/ext/src/clients/python/lambda_workbench_ric/handler.py", line 40, in invoke\n',
      ),
    );
    assert.ok(isRuntimeClientFrame('  File "/opt/ext/dist/clients/python/bootstrap.py", line 12, in <module>\n'));
    assert.ok(isRuntimeClientFrame('    at C:\\ext\\dist\\clients\\node.js:5:1'));
    assert.ok(!isRuntimeClientFrame('  File "/work/app/bootstrap.py", line 3, in handler\n'));
    assert.ok(!isRuntimeClientFrame('    at handler (/work/api-clients/node/index.js:4:9)'));
    assert.ok(!isRuntimeClientFrame('    at handler (/work/app/clients/node/index.js:4:9)'));
  });
});

describe('the result panel model of a streamed response', () => {
  const fn = testFunction('/code', 'index.handler', { name: 'Streamer' });

  test('time to first byte and the stream’s size join the figures; an HTTP prelude is shown above the body', () => {
    const payload = Buffer.concat([Buffer.from('{"statusCode":201}'), Buffer.alloc(8), Buffer.from('<p>hi</p>')]);
    const streamed = {
      contentType: 'application/vnd.awslambda.http-integration-response',
      bytes: payload.length,
      chunks: 2,
      firstByteMs: 3.25,
    };
    const model = resultModel(fn, '{}', { ...base, payload, streamed }, DEFAULT_PRICING);
    assert.deepEqual(model.metrics.slice(-2), [
      { label: 'Time to first byte', value: '3.25 ms' },
      {
        label: 'Streamed',
        value: `${payload.length} bytes in 2 chunk(s), application/vnd.awslambda.http-integration-response`,
      },
    ]);
    assert.equal(model.response, '{\n  "statusCode": 201\n}\n\n<p>hi</p>');
  });
});
