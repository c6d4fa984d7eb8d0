import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { distPath, packageRoot } from '../../../src/core/assets';

const ROOT = packageRoot();
const CLI = distPath('cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

describe('lambda-workbench invoke', () => {
  test('prints the response on stdout and the framed logs on stderr', async () => {
    const run = await cli([
      'invoke',
      'ImageResizeFunction',
      '--template',
      'examples/template.yaml',
      '--event',
      'examples/events/s3-put.json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).processed, 1);
    assert.match(run.stderr, /^INIT_START/m);
    assert.match(run.stderr, /^START RequestId: \S+ Version: \$LATEST$/m);
    assert.match(run.stderr, /thumbnail of s3:\/\/amzn-s3-demo-bucket\/photos\/summer holiday\.jpg/);
    assert.match(
      run.stderr,
      /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/m,
    );
  });

  test('reads the event from stdin with --event -', async () => {
    const run = await cli(
      ['invoke', 'CallbackFunction', '--template', 'examples/template.yaml', '--event', '-'],
      '{"items":[2,3]}',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { count: 2, total: 5 });
  });

  test('a function error exits 1 with the error body on stdout', async () => {
    const run = await cli(
      ['invoke', 'CallbackFunction', '--template', 'examples/template.yaml', '--event', '-'],
      '{"items":["a"]}',
    );
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout).errorType, 'TypeError');
    assert.match(run.stderr, /Invoke Error/);
  });

  test('malformed event JSON is refused before anything runs, with line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lwb-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{\n  "a": 1,\n  "b": \n}');
    const run = await cli([
      'invoke',
      'HelloFunction',
      '--template',
      'examples/template.yaml',
      '--event',
      join(dir, 'bad.json'),
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /is not valid JSON: .* \(line 4, column 1\)/);
    assert.doesNotMatch(run.stderr, /START RequestId/);
  });

  test('an unknown function names the ones there are; a missing template says so', async () => {
    const unknown = await cli(['invoke', 'Nope', '--template', 'examples/template.yaml']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no function 'Nope' here\. Known functions: .*HelloFunction/);
    const missing = await cli(['invoke', 'HelloFunction', '--template', 'nowhere.yaml']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the template .*nowhere\.yaml: no such file/);
  });

  test('usage errors exit 2 with the usage text', async () => {
    const run = await cli(['invoke', '--bogus', 'x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option --bogus/);
    assert.match(run.stderr, /Usage: lambda-workbench invoke/);
  });
});

describe('lambda-workbench serve', () => {
  test('serves the Invoke API on 127.0.0.1 for the SDK, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--template', 'examples/template.yaml', '--port', '0', '--warm', '1'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Ready when it says where it listens, however long warming takes (a first Go build compiles the standard library).
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.on('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready: ${stderr}`)));
      child.stdout.on('data', (d) => {
        out += d;
        const match = /Lambda Invoke API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]);
      });
    });
    const lambda = new LambdaClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    try {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: 'HelloFunction',
          LogType: 'Tail',
          Payload: Buffer.from('{"queryStringParameters":{"name":"cli"}}'),
        }),
      );
      assert.equal(JSON.parse(JSON.parse(Buffer.from(out.Payload!).toString()).body).message, 'Hello, cli!');
      assert.match(stdout, /HelloFunction {2}\(nodejs20\.x, index\.handler\), 1 warm/);
      const tail = Buffer.from(out.LogResult ?? '', 'base64').toString();
      assert.doesNotMatch(tail, /Init Duration/, 'the pre-warmed instance answered without a cold start');
    } finally {
      lambda.destroy();
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.match(stderr, /greeting cli from HelloFunction/);
  });
});
