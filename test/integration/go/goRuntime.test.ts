import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildGo } from '../../../src/core/packaging/goBuild';
import { findGo } from '../../../src/core/toolchains/goToolchain';
import { GoLauncher } from '../../../src/core/runtime/launchers/go';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { LaunchError } from '../../../src/core/errors';
import { fixtureFunction, json, runtimesFixtures } from '../python/fixtureFunction';

// Go's build cache is kept between runs (the standard library compiles once); binaries of each run are its own.
const goCache = join(tmpdir(), 'lambda-workbench-test-go-cache');
const work = mkdtempSync(join(tmpdir(), 'lwb-go-'));
const runtime = new LocalRuntime({ cacheDir: goCache, maxConcurrency: 2 });
after(async () => {
  await runtime.dispose();
  rmSync(work, { recursive: true, force: true });
});

const hello = (overrides: Parameters<typeof fixtureFunction>[1] = {}) =>
  fixtureFunction('go/hello', { name: 'GoHello', runtime: 'provided.al2023', handler: 'bootstrap', ...overrides });

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Go functions on the local runtime', { timeout: 300_000 }, () => {
  test('a handler built from source returns its result', async () => {
    const result = await runtime.invoke(hello({ functionName: 'orders-go' }), JSON.stringify({ name: 'Gopher' }));
    assert.equal(result.status, 'success', result.payload.toString());
    assert.deepEqual(json(result.payload), {
      message: 'hello Gopher',
      requestId: result.requestId,
      functionName: 'orders-go',
      hasDeadline: true,
    });
    assert.ok(result.logs.includes('handling '), result.logs.join('\n'));
    assert.ok(result.logs.some((l) => l.startsWith(`START RequestId: ${result.requestId}`)));
    assert.ok(result.logs.some((l) => l.startsWith(`REPORT RequestId: ${result.requestId}`)));
  });

  test('go1.x functions run the same way, and a warm instance is reused', async () => {
    const fn = hello({ name: 'GoOneX', runtime: 'go1.x', handler: 'hello' });
    const first = await runtime.invoke(fn, '{"name":"a"}');
    const second = await runtime.invoke(fn, '{"name":"b"}');
    assert.equal(json(second.payload).message, 'hello b');
    assert.equal(first.coldStart, true);
    assert.equal(second.coldStart, false);
  });

  test('a returned error has the shape aws-lambda-go gives it', async () => {
    const result = await runtime.invoke(hello({ name: 'GoFails' }), JSON.stringify({ action: 'fail' }));
    assert.equal(result.status, 'error');
    assert.deepEqual(json(result.payload), { errorMessage: 'the order was rejected', errorType: 'errorString' });
  });

  test('a panic is reported, and the process that panicked is replaced', async () => {
    const fn = hello({ name: 'GoPanics' });
    const result = await runtime.invoke(fn, JSON.stringify({ action: 'panic' }));
    assert.equal(result.status, 'error');
    const body = json(result.payload);
    assert.equal(body.errorType, 'string');
    assert.equal(body.errorMessage, 'something went very wrong');
    // aws-lambda-go exits after reporting a panic; the next invoke goes to a new instance once that one is gone.
    await until(() => runtime.instances(fn.id).every((i) => i.state === 'dead'), 5_000);
    const next = await runtime.invoke(fn, '{}');
    assert.equal(next.status, 'success');
    assert.equal(next.coldStart, true);
  });

  test('os.Exit in a handler is a Runtime.ExitError', async () => {
    const result = await runtime.invoke(hello({ name: 'GoExits' }), JSON.stringify({ action: 'exit' }));
    const body = json(result.payload);
    assert.equal(body.errorType, 'Runtime.ExitError');
    assert.match(body.errorMessage, /exit status 3/);
  });

  test('a handler past its timeout is stopped', async () => {
    const result = await runtime.invoke(
      hello({ name: 'GoSlow', timeout: 1 }),
      JSON.stringify({ action: 'sleep', sleepMs: 30_000 }),
    );
    assert.equal(result.status, 'timeout');
    assert.match(json(result.payload).errorMessage, /Task timed out after 1\.00 seconds/);
  });

  test('stderr output (the log package) is part of the invocation logs', async () => {
    const result = await runtime.invoke(hello({ name: 'GoLogs' }), JSON.stringify({ action: 'log' }));
    assert.ok(
      result.logs.some((l) => l.endsWith('a line from the log package')),
      result.logs.join('\n'),
    );
  });

  test('a compile error is a Runtime.BuildError that points at the file, line and column', async () => {
    const fn = fixtureFunction('go/broken', { name: 'GoBroken', runtime: 'provided.al2023', handler: 'bootstrap' });
    const result = await runtime.invoke(fn, '{}');
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.BuildError');
    assert.match(String(result.error?.errorMessage), /main\.go:7:2: undefined: undefinedHelper/);
    assert.deepEqual(result.error?.location, {
      file: join(runtimesFixtures, 'go', 'broken', 'main.go'),
      line: 6,
      column: 1,
    });
  });

  test('the binary is rebuilt only when a Go source changed', async () => {
    const codeDir = join(work, 'hello');
    cpSync(join(runtimesFixtures, 'go', 'hello'), codeDir, { recursive: true });
    const toolchain = await findGo();
    const request = {
      toolchain,
      codeDir,
      handler: 'bootstrap',
      target: 'host',
      architecture: 'x86_64',
      cacheDir: goCache,
      debug: false,
    } as const;
    assert.equal((await buildGo(request)).built, true);
    assert.equal((await buildGo(request)).built, false);
    const main = join(codeDir, 'main.go');
    writeFileSync(main, readFileSync(main, 'utf8').replace('"hello "', '"hi "'));
    assert.equal((await buildGo(request)).built, true);
    const copy = new LocalRuntime({ cacheDir: goCache });
    try {
      const result = await copy.invoke({ ...hello(), id: 'copy', codeDir }, '{"name":"there"}');
      assert.equal(json(result.payload).message, 'hi there');
    } finally {
      await copy.dispose();
    }
  });

  test("provided.* is the Go launcher's only when the folder holds Go sources", () => {
    const launcher = new GoLauncher();
    assert.equal(launcher.matches(hello()), true);
    assert.equal(
      launcher.matches(hello({ runtime: 'provided.al2', codeDir: join(runtimesFixtures, 'python', 'app') })),
      false,
    );
    assert.equal(launcher.matches(hello({ runtime: 'go1.x', codeDir: work })), true);
  });

  test('a missing go toolchain is a clear LaunchError', async () => {
    const launcher = new GoLauncher({ go: join(work, 'no-such-go') });
    await assert.rejects(launcher.prepare(hello(), { cacheDir: join(work, 'cache') }), (error: unknown) => {
      assert.ok(error instanceof LaunchError);
      assert.match(error.message, /apt-get install golang-go/);
      assert.match(error.message, /go\.dev/);
      return true;
    });
  });

  test('debugging without Delve is a clear LaunchError', async () => {
    const launcher = new GoLauncher({ dlv: join(work, 'no-such-dlv') });
    const saved = { PATH: process.env.PATH, HOME: process.env.HOME, GOPATH: process.env.GOPATH };
    // Nowhere Delve could be found: not on PATH, not in GOPATH/bin, not in ~/go/bin.
    process.env.PATH = '';
    process.env.HOME = work;
    delete process.env.GOPATH;
    try {
      await assert.rejects(
        launcher.prepare(hello(), { cacheDir: join(work, 'cache'), debug: { port: 0 } }),
        /Delve \(dlv\).*apt-get install delve/s,
      );
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
