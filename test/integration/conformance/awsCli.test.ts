import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { distPath, packageRoot } from '../../../src/core/assets';

const TEMPLATE = join(packageRoot(), 'test', 'fixtures', 'runtimes', 'template.yaml');
const work = mkdtempSync(join(tmpdir(), 'lwb-awscli-'));
let serve: ChildProcess;
let endpoint: string;
let serveLog = '';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `aws lambda invoke` (the AWS CLI in this Python) against the local endpoint, with dummy credentials and no profile. */
function awsInvoke(
  functionName: string,
  event: Buffer | string,
  extra: string[] = [],
): Promise<CliRun & { response: Buffer }> {
  const eventFile = join(work, `${functionName}-event.json`);
  const outFile = join(work, `${functionName}-out.json`);
  writeFileSync(eventFile, event);
  rmSync(outFile, { force: true });
  const args = [
    '-m',
    'awscli',
    'lambda',
    'invoke',
    '--endpoint-url',
    endpoint,
    '--region',
    'us-east-1',
    '--function-name',
    functionName,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_CONFIG_FILE: join(work, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    AWS_MAX_ATTEMPTS: '1',
  };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN']) delete env[name];
  const child = spawn('python3', [...args, '--payload', `fileb://${eventFile}`, ...extra, outFile], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      let response = Buffer.alloc(0);
      try {
        response = readFileSync(outFile);
      } catch {
        // No response file: the CLI failed before writing one (asserted by the caller).
      }
      resolve({ code, stdout, stderr, response });
    });
  });
}

before(async () => {
  serve = spawn(process.execPath, [distPath('cli.js'), 'serve', '--template', TEMPLATE, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stderr!.on('data', (d) => (serveLog += d));
  endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.on('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready: ${serveLog}`)));
    serve.stdout!.on('data', (d) => {
      out += d;
      const match = /Lambda Invoke API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]);
    });
  });
});

after(async () => {
  if (serve && serve.exitCode === null) {
    const closed = new Promise((resolve) => serve.on('close', resolve));
    serve.kill('SIGTERM');
    await closed;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('the AWS CLI against lambda-workbench serve', { timeout: 300_000 }, () => {
  test('aws lambda invoke with a payload file writes the response, and --log-type Tail returns the log tail', async () => {
    const run = await awsInvoke('PythonApp', '{"name":"cli"}', ['--log-type', 'Tail']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    const body = JSON.parse(run.response.toString());
    assert.equal(body.message, 'hello cli');
    const tail = Buffer.from(out.LogResult, 'base64').toString();
    assert.match(tail, new RegExp(`START RequestId: ${body.requestId}`));
    assert.match(tail, /handling ok/);
    assert.match(tail, new RegExp(`REPORT RequestId: ${body.requestId}`));
  });

  test('a function error is StatusCode 200 with FunctionError Unhandled and the error as the response', async () => {
    const run = await awsInvoke('PythonApp', '{"action":"fail"}');
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(out.LogResult, undefined, 'no log tail unless asked for');
    const error = JSON.parse(run.response.toString());
    assert.equal(error.errorType, 'ValueError');
    assert.equal(error.errorMessage, 'the order was rejected');
  });

  test('an event over 6 MB is refused with RequestTooLargeException', async () => {
    const run = await awsInvoke('PythonApp', JSON.stringify({ pad: 'p'.repeat(6_400_000) }));
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /RequestTooLargeException/);
  });

  test('a Python function with requirements.txt is served with its packages', async () => {
    const run = await awsInvoke('PythonWithPackages', '{"name":"line_item"}');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).FunctionError, undefined, run.response.toString());
    assert.equal(JSON.parse(run.response.toString()).plural, 'line_items');
  });

  test('an unknown function is ResourceNotFoundException', async () => {
    const run = await awsInvoke('NoSuchFunction', '{}');
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /ResourceNotFoundException/);
  });
});
