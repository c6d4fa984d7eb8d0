import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { discoverWorkspace } from '../../../src/core/discovery';
import { eventTemplate } from '../../../src/core/events/templates';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { json } from '../../support/functions';
import { fixture } from '../../unit/discovery/fixtures';

const runtime = new LocalRuntime();
after(() => runtime.dispose());

test('a serverless-lift queue worker is listed with its SQS event and runs an SQS batch on the local runtime', async () => {
  const { functions } = await discoverWorkspace(fixture('serverless-plugins'));
  const worker = functions.find((fn) => fn.name === 'jobsWorker');
  assert.ok(worker, `listed among ${functions.map((fn) => fn.name).join(', ')}`);
  assert.deepEqual(
    worker.events.map((e) => e.type),
    ['SQS'],
  );
  const event = eventTemplate('sqs')!.build() as { Records: Array<{ body: string }> };
  event.Records[0].body = JSON.stringify({ report: 'monthly' });
  const result = await runtime.invoke(worker, JSON.stringify(event));
  assert.equal(result.status, 'success', result.payload.toString());
  assert.deepEqual(json(result), { batchItemFailures: [], processed: 1, source: 'aws:sqs', bucket: 'reports-dev' });
});
