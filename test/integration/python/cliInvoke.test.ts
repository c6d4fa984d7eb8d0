import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { runtimesFixtures } from './fixtureFunction';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const template = join(runtimesFixtures, 'template.yaml');

/** `lambda-workbench invoke <name> --template <fixtures> --event -` with the event on stdin; bounded in time. */
function invoke(name: string, event: unknown): { code: number | null; stdout: string; stderr: string; body: any } {
  assert.ok(existsSync(cli), `${cli} is missing: run node scripts/build.mjs first`);
  const run = spawnSync(process.execPath, [cli, 'invoke', name, '--template', template, '--event', '-'], {
    input: JSON.stringify(event),
    encoding: 'utf8',
    timeout: 240_000,
  });
  const text = run.stdout.trim();
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, body: text ? JSON.parse(text) : undefined };
}

describe('the CLI invokes Python and Go functions', { timeout: 600_000 }, () => {
  test('Python: the response on stdout, framed logs on stderr', () => {
    const run = invoke('PythonApp', { name: 'cli' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.body.message, 'hello cli');
    assert.match(run.stderr, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
    assert.match(run.stderr, /^handling ok$/m);
    assert.match(
      run.stderr,
      /^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/m,
    );
  });

  test('Python: a handler error exits 1 with the error shape on stdout', () => {
    const run = invoke('PythonApp', { action: 'fail' });
    assert.equal(run.code, 1);
    assert.equal(run.body.errorType, 'ValueError');
    assert.match(run.stderr, /^\[ERROR\] ValueError: the order was rejected$/m);
  });

  test('Python: an init error', () => {
    const run = invoke('PythonMissingModule', {});
    assert.equal(run.code, 1);
    assert.deepEqual(
      [run.body.errorType, run.body.errorMessage],
      ['Runtime.ImportModuleError', "Unable to import module 'nope': No module named 'nope'"],
    );
  });

  test('Python: a timeout and an exit', () => {
    const slow = invoke('PythonApp', { action: 'sleep', seconds: 20 });
    assert.match(slow.body.errorMessage, /Task timed out after 1\.00 seconds/);
    const exited = invoke('PythonApp', { action: 'exit' });
    assert.equal(exited.body.errorType, 'Runtime.ExitError');
  });

  test('Go: built, run, and its error shape', () => {
    const ok = invoke('GoHello', { name: 'cli' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.body.message, 'hello cli');
    assert.match(ok.stderr, /^REPORT RequestId: /m);
    const failed = invoke('GoHello', { action: 'fail' });
    assert.equal(failed.code, 1);
    assert.deepEqual(failed.body, { errorMessage: 'the order was rejected', errorType: 'errorString' });
    const slow = invoke('GoHello', { action: 'sleep', sleepMs: 20_000 });
    assert.match(slow.body.errorMessage, /Task timed out after 1\.00 seconds/);
    const exited = invoke('GoHello', { action: 'exit' });
    assert.match(exited.body.errorMessage, /Runtime exited with error: exit status 3/);
  });

  test('Go: a compile error names the place', () => {
    const run = invoke('GoBroken', {});
    assert.equal(run.code, 1);
    assert.equal(run.body.errorType, 'Runtime.BuildError');
    assert.match(run.body.errorMessage, /main\.go:7:2: undefined: undefinedHelper/);
  });
});
