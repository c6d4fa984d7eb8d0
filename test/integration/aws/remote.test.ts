import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AwsError, createAwsSession, type AwsSession, type RemoteLogLine } from '../../../src/core/aws';
import { ExtractConflictError, writeZip } from '../../../src/core/packaging';
import { startMoto, type Moto } from '../../support/moto';
import { functionsPage, isCall, json, s3Error, s3Object, startFront, type Front } from './front';
import { createRole } from './workspace';

let moto: Moto;
let front: Front;
/** Talks to moto through AWS_ENDPOINT_URL, as the SDK finds it by itself. */
let direct: AwsSession;
/** Talks to the front server, for what moto does not model. */
let fronted: AwsSession;
let lambda: LambdaClient;
const zip = writeZip([
  { path: 'index.js', data: Buffer.from('exports.handler = async (event) => event;\n') },
  { path: 'lib/util.js', data: Buffer.from('module.exports = 1;\n') },
]);
const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

before(async () => {
  moto = await startMoto();
  front = await startFront(moto.endpoint);
  direct = createAwsSession();
  fronted = createAwsSession({ endpoint: front.url });
  lambda = new LambdaClient({});
  const role = await createRole('remote-test-role');
  for (const name of names) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    );
  }
});

after(async () => {
  direct?.dispose();
  fronted?.dispose();
  lambda?.destroy();
  await front?.close();
  await moto?.stop();
});

describe('listing', () => {
  test('AWS_ENDPOINT_URL is honoured and whoAmI names the account', async () => {
    const identity = await direct.whoAmI();
    assert.equal(identity.account, '123456789012');
    assert.equal(identity.region, 'us-east-1');
  });

  test('lists every function, following NextMarker over all pages', async () => {
    front.rules.push({
      match: (r) => isCall(r, 'GET', /^\/2015-03-31\/functions\/?$/),
      rewrite: (req, upstream) => {
        const all = (json(upstream.body).Functions as { FunctionName: string }[]).sort((a, b) =>
          a.FunctionName.localeCompare(b.FunctionName),
        );
        const start = Number(new URL(req.url, 'http://x').searchParams.get('Marker') ?? 0);
        return functionsPage(all.slice(start, start + 2), start + 2 < all.length ? String(start + 2) : undefined);
      },
    });
    const listed = await fronted.list();
    front.rules.length = 0;
    assert.deepEqual(
      listed.map((f) => f.FunctionName),
      names,
    );
    const markers = front.requests
      .filter((r) => isCall(r, 'GET', /^\/2015-03-31\/functions\/?$/))
      .map((r) => new URL(r.url, 'http://x').searchParams.get('Marker'));
    assert.deepEqual(markers, [null, '2', '4']);
  });

  test('reads one configuration, and names a missing function clearly', async () => {
    assert.equal((await direct.getConfiguration('alpha')).Handler, 'index.handler');
    await assert.rejects(direct.getConfiguration('nope'), (error: Error) => {
      assert.ok(error instanceof AwsError);
      assert.equal(error.kind, 'not-found');
      assert.equal(error.message, 'The function nope does not exist in us-east-1 (lambda:GetFunctionConfiguration).');
      return true;
    });
  });
});

describe('remote invoke', () => {
  test('returns the payload moto gives without Docker (the queued result, else the event)', async () => {
    await moto.queueInvokeResults(['{"ok":true}']);
    const queued = await direct.invoke('alpha', '{"n":1}');
    assert.equal(queued.payload.toString(), '{"ok":true}');
    assert.equal(queued.status, 'success');
    const echoed = await direct.invoke('alpha', '{"n":2}');
    assert.equal(echoed.payload.toString(), '{"n":2}');
    assert.deepEqual(echoed.logs, []);
    assert.match(echoed.warnings[0], /no REPORT line/);
    assert.equal(echoed.reported, false);
    assert.equal(echoed.maxMemoryUsedMB, undefined);
  });

  test('asks for the log tail and decodes it like a local invocation', async () => {
    const requestId = '8f5a1c2e-0000-4000-8000-000000000001';
    const tail = [
      `START RequestId: ${requestId} Version: $LATEST`,
      `2026-01-01T00:00:00.000Z\t${requestId}\tERROR\tboom`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB\tInit Duration: 150.50 ms\t`,
    ].join('\n');
    front.rules.push({
      match: (r) => isCall(r, 'POST', /\/functions\/bravo\/invocations$/),
      reply: () => ({
        status: 200,
        headers: {
          'x-amz-function-error': 'Unhandled',
          'x-amz-log-result': Buffer.from(tail).toString('base64'),
          'x-amz-executed-version': '$LATEST',
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify({ errorType: 'Error', errorMessage: 'boom', trace: ['Error: boom'] }),
      }),
      times: 1,
    });
    const result = await fronted.invoke('bravo', '{}');
    assert.equal(front.requests.at(-1)!.headers['x-amz-log-type'], 'Tail');
    assert.equal(result.status, 'error');
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.error?.errorMessage, 'boom');
    assert.equal(result.requestId, requestId);
    assert.equal(result.logs.length, 4);
    assert.equal(result.durationMs, 12.34);
    assert.equal(result.billedDurationMs, 13);
    assert.equal(result.maxMemoryUsedMB, 61);
    assert.equal(result.initDurationMs, 150.5);
    assert.equal(result.reported, undefined);
    assert.equal(result.coldStart, true);
  });

  test('reports a timeout as a timeout', async () => {
    front.rules.push({
      match: (r) => isCall(r, 'POST', /\/functions\/bravo\/invocations$/),
      reply: () => ({
        status: 200,
        headers: { 'x-amz-function-error': 'Unhandled' },
        body: JSON.stringify({ errorMessage: 'Task timed out after 3.00 seconds' }),
      }),
      times: 1,
    });
    assert.equal((await fronted.invoke('bravo', '{}')).status, 'timeout');
  });

  test('refuses an event over the 6 MB limit before sending it', async () => {
    const count = front.requests.length;
    await assert.rejects(fronted.invoke('bravo', Buffer.alloc(6 * 1024 * 1024 + 1, 32)), /at most 6291456 bytes/);
    assert.equal(front.requests.length, count);
  });
});

describe('logs', () => {
  const group = '/aws/lambda/charlie';
  const logs = new CloudWatchLogsClient({});
  const put = (stream: string, messages: string[], time: number) =>
    logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: messages.map((message, i) => ({ message, timestamp: time + i })),
      }),
    );

  after(() => logs.destroy());

  test('fetches the events of the log group as log lines', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's1' }));
    const now = Date.now();
    const id = '11111111-2222-4333-8444-555555555555';
    await put(
      's1',
      [
        `START RequestId: ${id} Version: $LATEST`,
        `${new Date(now).toISOString()}\t${id}\tINFO\thello`,
        `REPORT RequestId: ${id}\tDuration: 1 ms`,
      ],
      now - 5000,
    );
    const lines: RemoteLogLine[] = [];
    for await (const line of direct.logs('charlie', { startTime: now - 60_000 })) lines.push(line);
    assert.deepEqual(
      lines.map((l) => l.stream),
      ['platform', 'stdout', 'platform'],
    );
    assert.ok(lines.every((l) => l.requestId === id && l.logStream === 's1' && l.functionId === 'charlie'));
    assert.match(lines[1].text, /INFO\thello$/);
  });

  test('follows new events as they arrive, each once', async () => {
    const controller = new AbortController();
    const guard = setTimeout(() => controller.abort(), 15_000);
    const start = Date.now();
    await put('s1', ['first'], start);
    const seen: string[] = [];
    for await (const line of direct.logs('charlie', {
      follow: true,
      startTime: start,
      pollIntervalMs: 30,
      signal: controller.signal,
    })) {
      seen.push(line.text);
      if (line.text === 'first') await put('s1', ['second', 'third'], Date.now());
      if (seen.length === 3) controller.abort();
    }
    clearTimeout(guard);
    assert.deepEqual(seen, ['first', 'second', 'third']);
  });

  test('names the log group when it does not exist', async () => {
    const read = async () => {
      for await (const line of direct.logs('delta')) assert.fail(`unexpected ${line.text}`);
    };
    await assert.rejects(read(), /logs:FilterLogEvents on \/aws\/lambda\/delta failed: .*log group does not exist/);
  });
});

describe('download and delete', () => {
  test('downloads the code into a folder, refusing to overwrite unless asked', async () => {
    front.rules.push(
      {
        match: (r) => isCall(r, 'GET', /\/functions\/echo$/),
        rewrite: (_req, upstream) => {
          const body = json(upstream.body);
          return {
            ...upstream,
            body: JSON.stringify({
              ...body,
              Code: { RepositoryType: 'S3', Location: `${front.url}/tasks/echo.zip?X-Amz-Signature=abc` },
            }),
          };
        },
      },
      { match: (r) => r.url.startsWith('/tasks/echo.zip'), reply: () => s3Object(zip) },
    );
    const dest = mkdtempSync(join(tmpdir(), 'lwb-download-'));
    try {
      const result = await fronted.download('echo', dest);
      assert.deepEqual(result.files, ['index.js', 'lib/util.js']);
      assert.deepEqual(result.warnings, []);
      assert.equal(readFileSync(join(dest, 'index.js'), 'utf8'), 'exports.handler = async (event) => event;\n');

      writeFileSync(join(dest, 'index.js'), 'local edit');
      await assert.rejects(fronted.download('echo', dest), ExtractConflictError);
      assert.equal(readFileSync(join(dest, 'index.js'), 'utf8'), 'local edit');
      await fronted.download('echo', dest, { overwrite: true });
      assert.match(readFileSync(join(dest, 'index.js'), 'utf8'), /exports\.handler/);
    } finally {
      front.rules.length = 0;
      rmSync(dest, { recursive: true, force: true });
    }
  });

  test('a code URL that fails is named by its host, never with its signature', async () => {
    const dest = mkdtempSync(join(tmpdir(), 'lwb-download-'));
    try {
      front.rules.push(
        {
          match: (r) => isCall(r, 'GET', /\/functions\/echo$/),
          rewrite: (_req, upstream) => ({
            ...upstream,
            body: JSON.stringify({
              ...json(upstream.body),
              Code: { Location: `${front.url}/missing.zip?X-Amz-Signature=secret` },
            }),
          }),
        },
        {
          match: (r) => r.url.startsWith('/missing.zip'),
          reply: () => s3Error(404, 'NoSuchKey', 'The specified key does not exist.', 'missing.zip'),
        },
      );
      await assert.rejects(fronted.download('echo', dest), (error: Error) => {
        assert.match(error.message, /failed with HTTP 404 from 127\.0\.0\.1:\d+\.$/);
        assert.doesNotMatch(error.message, /secret/);
        return true;
      });
      assert.equal(existsSync(join(dest, 'index.js')), false);
    } finally {
      front.rules.length = 0;
      rmSync(dest, { recursive: true, force: true });
    }
  });

  test('deletes a function', async () => {
    await direct.delete('echo');
    await assert.rejects(
      direct.getConfiguration('echo'),
      (error: Error) => error instanceof AwsError && error.kind === 'not-found',
    );
    assert.deepEqual((await direct.list()).map((f) => f.FunctionName).sort(), ['alpha', 'bravo', 'charlie', 'delta']);
  });
});
