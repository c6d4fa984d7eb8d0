import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { within } from '../../unit/local/fakes';

const repo = resolve(__dirname, '../../..');

test('lambda-workbench start-api prints the routes, serves them, and stops on Ctrl-C', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'start-api',
      '--template',
      'examples/template.yaml',
      '--port',
      '0',
      '--no-watch',
    ],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await within(
      new Promise<void>((done) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          if (stdout.includes('/orders')) done();
        });
      }),
      30_000,
      'start-api printing its routes',
    );
    const url = /Local API on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    assert.ok(url, stdout);
    assert.match(stdout, /GET\s+http:\/\/127\.0\.0\.1:\d+\/hello\s+HelloFunction\s+\(HTTP API, payload 2\.0\)/);
    assert.match(stdout, /POST\s+http:\/\/127\.0\.0\.1:\d+\/orders\s+TypeScriptFunction\s+\(REST API, payload 1\.0\)/);
    // The REST and HTTP APIs each answer on a port of their own, listed with their kind and stage.
    const restPort = /ServerlessRestApi\s+REST API, stage Prod\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
    const httpPort = /ServerlessHttpApi\s+HTTP API, stage \$default\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
    assert.ok(restPort && httpPort && restPort !== httpPort && !url.endsWith(`:${restPort}`), stdout);
    assert.equal((await within(fetch(`http://127.0.0.1:${restPort}/hello`), 20_000)).status, 403);
    const res = await within(fetch(`${url}/hello?name=Cli`), 20_000);
    assert.deepEqual(((await res.json()) as { message: string }).message, 'Hello, Cli!');
    child.kill('SIGINT');
    assert.equal(await within(exited, 10_000, 'start-api stopping'), 0);
    assert.match(stderr, /GET \/hello 200/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('start-api refuses unknown options with its usage', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start-api', '--prot', '3'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await within(new Promise<number | null>((done) => child.once('exit', (c) => done(c))), 20_000);
  assert.equal(code, 2);
  assert.match(stderr, /unknown option --prot/);
  assert.match(stderr, /Usage: lambda-workbench start-api/);
});
