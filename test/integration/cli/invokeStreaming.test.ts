import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { distPath } from '../../../src/core/assets';
import { FIXTURES } from '../../support/functions';
import { startSignal } from '../../support/signal';

const STREAMING = join(FIXTURES, 'runtime', 'streaming');

function template(handler: string, signalUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-invoke-stream-'));
  const path = join(dir, 'template.yaml');
  writeFileSync(
    path,
    `Transform: AWS::Serverless-2016-10-31
Resources:
  StreamFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${STREAMING}
      Handler: ${handler}
      Runtime: nodejs20.x
      Environment:
        Variables:
          SIGNAL_URL: ${signalUrl}
`,
  );
  return path;
}

describe('lambda-workbench invoke with a streaming function', () => {
  test('prints each chunk as it arrives, then the time to first byte', async () => {
    const signal = await startSignal();
    try {
      const child = spawn(
        process.execPath,
        [
          distPath('cli.js'),
          'invoke',
          'StreamFunction',
          '--template',
          template('stream.chunks', signal.url),
          '--event',
          '-',
        ],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      child.stdin.end('{"name":"cli"}');
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => {
        stdout += d;
        // The handler waits for this go-ahead before its second chunk, so the first was printed before it ended.
        if (stdout.includes('first cli')) signal.release();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stderr);
      assert.equal(stdout, 'first cli\nsecond chunk\n');
      assert.match(stderr, /^REPORT RequestId: /m);
      assert.match(stderr, /^streamed 23 bytes in 2 chunks \(text\/plain\), first byte after [\d.]+ ms$/m);
    } finally {
      await signal.close();
    }
  });

  test('an HTTP integration stream has its prelude on stderr and its body on stdout', async () => {
    const signal = await startSignal();
    signal.release();
    try {
      const child = spawn(
        process.execPath,
        [distPath('cli.js'), 'invoke', 'StreamFunction', '--template', template('stream.page', signal.url)],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      child.stdin.end();
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stderr);
      assert.equal(stdout, '<p>no path</p><p>done</p>');
      assert.match(
        stderr,
        /^HTTP prelude: \{"statusCode":201,"headers":\{"Content-Type":"text\/html","X-Streamed":"yes"\},"cookies":\["session=abc; Path=\/"\]\}$/m,
      );
    } finally {
      await signal.close();
    }
  });
});
