import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import type { LogLine } from '../../../src/core/runtime/types';
import { FIXTURES, json, testFunction } from '../../support/functions';

const NODE = join(FIXTURES, 'runtime', 'node');

describe('Node.js handlers on the local runtime', () => {
  const streamed: LogLine[] = [];
  const runtime = new LocalRuntime({
    onLog: (line) => streamed.push(line),
    hostEnv: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' },
  });
  after(() => runtime.dispose());

  test('an async handler gets the event and its result comes back', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.echo'), '{"hello":"world"}');
    assert.equal(result.status, 'success');
    assert.deepEqual(json(result), { received: { hello: 'world' } });
    assert.equal(result.functionError, undefined);
  });

  test('an empty payload is the event {}', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.echo'));
    assert.deepEqual(json(result), { received: {} });
  });

  test('the context object and the environment are those of Lambda', async () => {
    const fn = testFunction(NODE, 'handlers.context', {
      name: 'CtxFunction',
      memorySize: 512,
      timeout: 7,
      environment: { CUSTOM_VAR: 'custom' },
    });
    const invokedAt = Date.now();
    const result = await runtime.invoke(fn, '{}', {
      clientContext: '{"client":{"app_title":"tests"}}',
      identity: '{"cognitoIdentityId":"id-1"}',
    });
    const answeredAt = Date.now();
    const out = json(result);
    assert.match(out.awsRequestId, /^[0-9a-f-]{36}$/);
    assert.equal(out.awsRequestId, result.requestId);
    assert.equal(out.functionName, 'CtxFunction');
    assert.equal(out.functionVersion, '$LATEST');
    assert.equal(out.invokedFunctionArn, `arn:aws:lambda:${runtime.region}:123456789012:function:CtxFunction`);
    assert.equal(out.memoryLimitInMB, '512');
    assert.equal(out.logGroupName, '/aws/lambda/CtxFunction');
    assert.match(out.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    // The deadline is the delivery time plus the 7 s timeout, and the delivery came between the invoke and its answer.
    assert.ok(out.remaining > 0 && out.remaining <= 7000, `remaining ${out.remaining}`);
    assert.ok(
      out.clockAfter + out.remaining >= invokedAt + 7000,
      `deadline ${out.clockAfter + out.remaining} before ${invokedAt} + 7 s`,
    );
    assert.ok(
      out.clockBefore + out.remaining <= answeredAt + 7000,
      `deadline ${out.clockBefore + out.remaining} after ${answeredAt} + 7 s`,
    );
    assert.deepEqual(out.clientContext, { client: { app_title: 'tests' } });
    assert.deepEqual(out.identity, { cognitoIdentityId: 'id-1' });
    assert.match(out.traceId, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0/);
    const env = out.env;
    assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
    assert.equal(env._HANDLER, 'handlers.context');
    assert.equal(env.LAMBDA_TASK_ROOT, NODE);
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'CtxFunction');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '512');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/CtxFunction');
    assert.equal(env.AWS_REGION, runtime.region);
    assert.equal(env.AWS_DEFAULT_REGION, runtime.region);
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
    assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
    assert.equal(env.TZ, ':UTC');
    assert.equal(env.CUSTOM_VAR, 'custom');
    assert.equal(env.AWS_ACCESS_KEY_ID, 'AKIDEXAMPLE', 'the user credentials reach the handler');
    assert.equal(env.LAMBDA_WORKBENCH_RUNTIME_API_FD, undefined, 'the client keeps its descriptor to itself');
    // Node runs with the options of Lambda's own bootstrap for 512 MB: 51 MB young generation, the rest old space.
    assert.equal(out.gc, 'function', 'global.gc is exposed, as in Lambda');
    assert.deepEqual(out.execArgv, [
      '--expose-gc',
      '--max-http-header-size=81920',
      '--max-semi-space-size=25',
      '--max-old-space-size=461',
    ]);
  });

  test(
    'a cold start reaches the Runtime API without node:net, and large events pass before and after it warms',
    {
      skip: process.platform === 'win32' && 'the client connects over TCP on Windows',
    },
    async () => {
      const fn = testFunction(NODE, 'handlers.loaded', { id: 'loaded' });
      // 1 MB: many reads of the descriptor, first by node:fs (cold), then by the event loop (warm).
      const event = JSON.stringify({ data: 'x'.repeat(1024 * 1024) });
      const cold = await runtime.invoke(fn, event);
      assert.equal(cold.coldStart, true);
      assert.deepEqual(json(cold), { net: false, stream: false, eventBytes: event.length });
      for (let i = 0; i < 3; i++) {
        const warm = await runtime.invoke(fn, event);
        assert.equal(warm.coldStart, false);
        assert.equal((json(warm) as { eventBytes: number }).eventBytes, event.length);
      }
      runtime.recycle('loaded');
    },
  );

  test('a thrown error is reported as {errorType, errorMessage, trace} with X-Amz-Function-Error Unhandled', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.throws'));
    assert.equal(result.status, 'error');
    assert.equal(result.functionError, 'Unhandled');
    const body = json(result);
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'bad input');
    assert.ok(Array.isArray(body.trace) && body.trace[0] === 'TypeError: bad input', JSON.stringify(body.trace));
    assert.ok(
      result.logs.some((l) => /\tERROR\tInvoke Error \t\{"errorType":"TypeError"/.test(l)),
      result.logs.join('\n'),
    );
  });

  test('a rejected non-Error value is shaped like Lambda shapes it', async () => {
    const body = json(await runtime.invoke(testFunction(NODE, 'handlers.rejectsString')));
    assert.deepEqual(body, { errorType: 'string', errorMessage: 'plain string', trace: [] });
  });

  test('callback handlers wait for the empty event loop by default', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.callback'));
    assert.deepEqual(json(result), { via: 'callback' });
    assert.ok(
      result.logs.some((l) => l.endsWith('timer after callback')),
      'the timer ran before the response',
    );
  });

  test('callbackWaitsForEmptyEventLoop = false answers at once', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.callbackNoWait'));
    assert.deepEqual(json(result), { via: 'callback', waited: false });
    assert.ok(!result.logs.some((l) => l.endsWith('late timer')));
  });

  test('callback errors, context.succeed and context.fail', async () => {
    assert.equal(json(await runtime.invoke(testFunction(NODE, 'handlers.callbackError'))).errorType, 'RangeError');
    assert.deepEqual(json(await runtime.invoke(testFunction(NODE, 'handlers.legacySucceed'))), { via: 'succeed' });
    const failed = json(await runtime.invoke(testFunction(NODE, 'handlers.legacyFail')));
    assert.equal(failed.errorMessage, 'failed the old way');
  });

  test('a handler that neither returns a promise nor calls back answers null when its event loop is empty', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.syncNoCallback'));
    assert.equal(result.status, 'success');
    assert.equal(result.payload.toString(), 'null');
    assert.ok(result.logs.some((l) => l.endsWith('side work done')));
  });

  test('handler strings with nested paths and nested exports', async () => {
    assert.deepEqual(json(await runtime.invoke(testFunction(join(NODE, 'nested'), 'src/handlers/app.handler'))), {
      from: 'src/handlers/app.js',
    });
    assert.equal(json(await runtime.invoke(testFunction(NODE, 'handlers.nested.deeper.handler'))), 'nested export');
  });

  test('ES modules: .mjs with top-level await, and .js under "type": "module"', async () => {
    const mjs = json(await runtime.invoke(testFunction(NODE, 'esm.handler'), '{"n":1}'));
    assert.deepEqual(mjs, { format: 'esm', loadedAt: 'top-level await ran', event: { n: 1 } });
    assert.deepEqual(json(await runtime.invoke(testFunction(join(NODE, 'esm-pkg'), 'app.handler'))), {
      format: 'esm via package type',
    });
  });

  test('TypeScript handlers are built with source maps: stack traces point at the .ts lines', async () => {
    const fn = testFunction(join(FIXTURES, 'runtime', 'ts'), 'src/app.handler');
    assert.deepEqual(json(await runtime.invoke(fn, '{"id":"a","quantity":2}')), { id: 'a', total: 4 });
    const failed = json(await runtime.invoke(fn, '{"id":"a","quantity":-1}'));
    assert.equal(failed.errorMessage, 'quantity must not be negative');
    assert.ok(
      failed.trace.some((frame: string) => /src\/app\.ts:8:\d+/.test(frame)),
      failed.trace.join('\n'),
    );
  });

  test('a TypeScript bundle is reused while its sources are unchanged, and rebuilt when one changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lwb-ts-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(
      join(dir, 'lib', 'greeting.ts'),
      'export const greeting = (name: string): string => `hello ${name}`;\n',
    );
    writeFileSync(
      join(dir, 'app.ts'),
      "import { greeting } from './lib/greeting';\nexport const handler = async (e: { name: string }) => greeting(e.name);\n",
    );
    const fn = testFunction(dir, 'app.handler', { id: 'ts-rebuild' });
    assert.equal(json(await runtime.invoke(fn, '{"name":"a"}')), 'hello a');
    const stamp = join(runtime.cacheDir, 'node');
    const bundles = () =>
      readdirSync(stamp)
        .map((d) => join(stamp, d, 'app.js'))
        .filter((f) => existsSync(f) && readFileSync(f, 'utf8').includes('hello '));
    const builtAt = statSync(bundles()[0]).mtimeMs;
    runtime.recycle('ts-rebuild');
    assert.equal(json(await runtime.invoke(fn, '{"name":"b"}')), 'hello b');
    assert.equal(statSync(bundles()[0]).mtimeMs, builtAt, 'unchanged sources: the bundle was not rebuilt');
    // A change in an imported file, not the entry point, must still be seen.
    writeFileSync(
      join(dir, 'lib', 'greeting.ts'),
      'export const greeting = (name: string): string => `hi ${name}!`;\n',
    );
    runtime.recycle('ts-rebuild');
    assert.equal(json(await runtime.invoke(fn, '{"name":"c"}')), 'hi c!');
  });

  test('a TypeScript syntax error is a UserCodeSyntaxError naming file, line and column', async () => {
    const result = await runtime.invoke(testFunction(join(FIXTURES, 'runtime', 'ts'), 'broken.handler'));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(String(result.error?.errorMessage), /broken\.ts:2:\d+/);
  });

  test('logs: every line is kept, framed by START/END/REPORT, and streamed live', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.logs', { id: 'logs-fn' }));
    const { requestId, logs } = result;
    const start = logs.findIndex((l) => l === `START RequestId: ${requestId} Version: $LATEST`);
    const end = logs.findIndex((l) => l === `END RequestId: ${requestId}`);
    assert.ok(start >= 0 && end > start, logs.join('\n'));
    const body = logs.slice(start + 1, end);
    assert.match(body[0], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\tfirst line$`));
    assert.match(body[1], /\tERROR\tan error line$/);
    assert.match(body[2], /\tWARN\tmulti\nline\nmessage$/, 'a multi-line message stays one log event');
    assert.equal(body[3], 'raw stdout');
    const report = logs[logs.length - 1];
    assert.match(
      report,
      new RegExp(
        `^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`,
      ),
    );
    assert.equal(logs[0], 'INIT_START Runtime Version: nodejs20.x (local)');
    const live = streamed.filter((l) => l.functionId === 'logs-fn').map((l) => l.text);
    assert.deepEqual(live, logs, 'the streamed lines are the same lines, in the same order');
  });

  test('a log line larger than a pipe buffer arrives whole, before END', async () => {
    const bytes = 300 * 1024;
    const result = await runtime.invoke(testFunction(NODE, 'handlers.bigLog'), JSON.stringify({ bytes }));
    const end = result.logs.findIndex((l) => l.startsWith('END'));
    const big = result.logs.findIndex((l) => l.endsWith('x'.repeat(1000)));
    assert.ok(big >= 0 && big < end, 'the line is there, before END');
    assert.equal(result.logs[big].split('\t')[3].length, bytes);
  });

  test('output after the response belongs to the next invocation, and none of it is lost', async () => {
    const fn = testFunction(NODE, 'handlers.background');
    const first = await runtime.invoke(fn);
    process.kill(json(first).pid, 'SIGUSR2');
    // The next invoke comes once the line written after the response has arrived, however long the machine took.
    const written = () =>
      streamed.some((l) => l.functionId === fn.id && l.text.endsWith('background work after the response'));
    for (const giveUp = Date.now() + 30_000; !written(); await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() > giveUp) assert.fail('the line written after the response never arrived');
    }
    const second = await runtime.invoke(fn);
    const start = second.logs.findIndex((l) => l.startsWith('START'));
    assert.ok(
      second.logs.slice(0, start).some((l) => l.endsWith('background work after the response')),
      second.logs.join('\n'),
    );
  });

  test('the JSON log format frames invocations with platform records and writes JSON lines', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.logs', { logFormat: 'JSON' }));
    // What the function writes itself with process.stdout stays as written, as in Lambda.
    assert.ok(result.logs.includes('raw stdout'));
    const records = result.logs.filter((l) => l !== 'raw stdout').map((l) => JSON.parse(l));
    assert.equal(records[0].type, 'platform.initStart');
    assert.ok(records.some((r) => r.type === 'platform.start' && r.record.requestId === result.requestId));
    const info = records.find((r) => r.message === 'first line');
    assert.deepEqual([info.level, info.requestId], ['INFO', result.requestId]);
    const report = records[records.length - 1];
    assert.equal(report.type, 'platform.report');
    assert.equal(report.record.metrics.memorySizeMB, 128);
    assert.ok(report.record.metrics.initDurationMs > 0);
  });
});
