import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { distPath } from '../../src/core/assets';
import type { FunctionSpec } from '../../src/core/model';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';
import type { RuntimeLauncher } from '../../src/core/runtime/types';
import { json, testFunction } from '../support/functions';
import { FAULT_FIXTURES, raw } from './support';

const NODE = join(FAULT_FIXTURES, 'node');
const PYTHON = join(FAULT_FIXTURES, 'python');
const CITY_CONTEXT = JSON.stringify({ custom: { city: '東京', note: 'Zürich ✓' } });

/** The Runtime API address an instance was given, read from the environment it was started with. */
function runtimeApiOf(pid: number): number {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return Number(
    environ
      .find((e) => e.startsWith('AWS_LAMBDA_RUNTIME_API='))!
      .split(':')
      .pop(),
  );
}

/** A Runtime API that refuses /next with `status`, recording every other request it gets. */
async function refusingRuntimeApi(status: number): Promise<{ server: Server; port: number; posts: string[] }> {
  const posts: string[] = [];
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/invocation/next')) {
      res
        .writeHead(status, { 'Content-Type': 'application/json', 'Lambda-Runtime-Aws-Request-Id': '' })
        .end('{"errorType":"InvalidStateTransition","errorMessage":"refused"}');
      return;
    }
    if (req.url !== '/2018-06-01/runtime/init/error') posts.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(202).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port, posts };
}

/** Runs a runtime client process against `port` until it exits; resolves with its exit code. */
function runClient(
  command: string,
  args: string[],
  port: number,
  taskRoot: string,
  handler: string,
): Promise<number | null> {
  const child = spawn(command, args, {
    cwd: taskRoot,
    env: {
      PATH: process.env.PATH,
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
      _HANDLER: handler,
      LAMBDA_TASK_ROOT: taskRoot,
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: 'ignore',
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve(code))));
}

function launcher(name: string, command: string, args: (fn: FunctionSpec) => string[]): RuntimeLauncher {
  return {
    name,
    matches: () => true,
    // No bytecode written into the fixture folder, as our own Python client writes none.
    prepare: async (fn) => ({
      command,
      args: args(fn),
      cwd: fn.codeDir,
      taskRoot: fn.codeDir,
      handler: fn.handler,
      env: { PYTHONDONTWRITEBYTECODE: '1' },
      warnings: [],
    }),
  };
}

describe('the Runtime API belongs to its instance alone', () => {
  const lines: string[] = [];
  const runtime = new LocalRuntime({ onLog: (line) => lines.push(line.text) });
  after(() => runtime.dispose());

  test('a foreign process asking for /next while an invocation runs is refused 403; the invocation gets its one result', async () => {
    const fn = testFunction(NODE, 'handlers.slow', { name: 'SlowHijack' });
    await runtime.prewarm(fn, 1);
    const port = runtimeApiOf(runtime.instances(fn.id)[0].pid!);
    const running = runtime.invoke(fn, '{"ms":1200}');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const hijack = await raw(port, { path: '/2018-06-01/runtime/invocation/next' });
    assert.equal(hijack.status, 403);
    assert.equal(JSON.parse(hijack.body).errorType, 'AccessDenied');
    const result = await running;
    assert.equal(result.status, 'success');
    assert.equal(json(result), 'done');
  });

  test('a foreign process cannot answer an invocation it learnt the id of', async () => {
    const fn = testFunction(NODE, 'handlers.slow', { name: 'SlowForge' });
    await runtime.prewarm(fn, 1);
    const port = runtimeApiOf(runtime.instances(fn.id)[0].pid!);
    const seen = lines.length;
    const running = runtime.invoke(fn, '{"ms":1200}');
    // The request id is in the log for anyone to read: knowing it must not be enough.
    let requestId: string | undefined;
    for (let i = 0; i < 100 && !requestId; i++) {
      requestId = lines
        .slice(seen)
        .map((l) => /^START RequestId: (\S+)/.exec(l)?.[1])
        .find(Boolean);
      if (!requestId) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(requestId);
    const forged = await raw(port, {
      method: 'POST',
      path: `/2018-06-01/runtime/invocation/${requestId}/response`,
      body: '"forged"',
    });
    assert.equal(forged.status, 403);
    const result = await running;
    assert.equal(result.requestId, requestId);
    assert.deepEqual([result.status, json(result)], ['success', 'done']);
  });

  test('between invocations a foreign /next is refused, and the next payload still goes to the instance', async () => {
    const fn = testFunction(NODE, 'handlers.echo', { name: 'EchoIdle' });
    await runtime.prewarm(fn, 1);
    const port = runtimeApiOf(runtime.instances(fn.id)[0].pid!);
    const foreign = await raw(port, { path: '/2018-06-01/runtime/invocation/next' });
    assert.equal(foreign.status, 403);
    const result = await runtime.invoke(fn, '{"secret":"for the instance"}');
    assert.deepEqual(json(result).event, { secret: 'for the instance' });
  });

  test('a UTF-8 client context (Japanese text) reaches a Node handler whole, with no 500', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.echo', { name: 'EchoCity' }), '{}', {
      clientContext: CITY_CONTEXT,
    });
    assert.equal(result.status, 'success', result.payload.toString());
    assert.deepEqual(json(result).clientContext, { custom: { city: '東京', note: 'Zürich ✓' } });
  });

  test('a UTF-8 client context reaches a Python handler whole', async () => {
    const fn = testFunction(PYTHON, 'app.echo', { name: 'PyCity', runtime: 'python3.11' });
    const result = await runtime.invoke(fn, '{}', { clientContext: CITY_CONTEXT });
    assert.equal(result.status, 'success', result.payload.toString());
    assert.deepEqual(json(result).custom, { city: '東京', note: 'Zürich ✓' });
  });

  test('a client context with raw line breaks between its tokens is still a valid header', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.echo', { name: 'EchoLines' }), '{}', {
      clientContext: '{\n  "custom": {"a": 1}\r\n}',
    });
    assert.equal(result.status, 'success', result.payload.toString());
    assert.deepEqual(json(result).clientContext, { custom: { a: 1 } });
  });
});

describe('runtime clients stop on a refused /next, as AWS clients do, and never run it as an event', () => {
  for (const [name, command, args, root, handler] of [
    ['Node', process.execPath, [distPath('clients', 'node.js')], NODE, 'handlers.echo'],
    ['Python', 'python3', [distPath('clients', 'python', 'bootstrap.py')], PYTHON, 'app.echo'],
  ] as const) {
    test(`${name}: a 400 on /next ends the runtime with exit code 1 and posts no response`, async () => {
      const api = await refusingRuntimeApi(400);
      try {
        const code = await runClient(command, [...args], api.port, root, handler);
        assert.equal(code, 1);
        assert.deepEqual(api.posts, []);
      } finally {
        api.server.close();
      }
    });
  }
});

describe("AWS's own clients work unchanged behind the per-instance check", () => {
  test('awslambdaric (Python), started as python3 -m awslambdaric', async () => {
    const runtime = new LocalRuntime({
      launchers: [launcher('awslambdaric', 'python3', (fn) => ['-m', 'awslambdaric', fn.handler])],
    });
    try {
      const fn = testFunction(PYTHON, 'app.echo', { name: 'AwsPythonRic', runtime: 'python3.11' });
      const result = await runtime.invoke(fn, '{"n":1}', { clientContext: CITY_CONTEXT });
      assert.equal(result.status, 'success', result.payload.toString());
      assert.deepEqual(json(result).event, { n: 1 });
      assert.deepEqual(json(result).custom, { city: '東京', note: 'Zürich ✓' });
    } finally {
      await runtime.dispose();
    }
  });

  test('a shell bootstrap that speaks the Runtime API with curl', async () => {
    const runtime = new LocalRuntime();
    try {
      const fn = testFunction(join(FAULT_FIXTURES, 'curl'), 'handler.unused', {
        name: 'CurlBootstrap',
        runtime: 'provided.al2023',
      });
      const first = await runtime.invoke(fn, '{"n":1}');
      assert.equal(first.status, 'success', first.payload.toString());
      assert.deepEqual(json(first), { curl: true, event: { n: 1 } });
      assert.deepEqual(json(await runtime.invoke(fn, '{"n":2}')), { curl: true, event: { n: 2 } });
    } finally {
      await runtime.dispose();
    }
  });

  test("Go's lambda.Start from aws-lambda-go", async () => {
    const runtime = new LocalRuntime();
    try {
      const fn = testFunction(join(FAULT_FIXTURES, 'go-ric'), 'bootstrap', {
        name: 'GoRic',
        runtime: 'provided.al2023',
        timeout: 60,
      });
      const result = await runtime.invoke(fn, '{"name":"gopher"}');
      assert.equal(result.status, 'success', result.payload.toString());
      assert.deepEqual(json(result), { name: 'gopher', requestId: result.requestId });
    } finally {
      await runtime.dispose();
    }
  });
});
