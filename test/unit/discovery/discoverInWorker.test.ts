import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverWorkspace, discoverWorkspaceInWorker } from '../../../src/core/discovery';
import { FIXTURES } from '../../support/functions';

// The worker runs the built bundle (dist/discoveryWorker.js): `npm test` and `npm run build` make it.

test('discovery on a worker thread finds what discovery on the calling thread finds', async () => {
  const root = join(FIXTURES, 'discovery');
  const options = { ignore: ['bare'], resolution: { region: 'eu-west-1', parameterOverrides: { Stage: 'test' } } };
  const [inWorker, inThread] = await Promise.all([
    discoverWorkspaceInWorker(root, options),
    discoverWorkspace(root, options),
  ]);
  assert.ok(inThread.functions.length > 0);
  assert.deepEqual(inWorker, inThread);
});

test('a template with no handler file beside it gives the same functions and diagnostics on the worker thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-worker-'));
  try {
    writeFileSync(
      join(dir, 'template.yaml'),
      'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: app.handler\n      Runtime: nodejs20.x\n',
    );
    assert.deepEqual(await discoverWorkspaceInWorker(dir), await discoverWorkspace(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker file that is missing is a clear error naming it, not a hang', async () => {
  const missing = join(tmpdir(), 'lwb-no-such-worker.js');
  await assert.rejects(discoverWorkspaceInWorker(FIXTURES, {}, missing), (error: Error) =>
    error.message.includes(missing),
  );
});
