import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeployCancelledError, MANAGED_TAG, type AwsSession } from '../../../src/core/aws';
import type { Moto } from '../../support/moto';
import type { Front } from './front';
import { startDeployWorld, stopDeployWorld } from './deployWorld';
import { FAST, nodeFunction } from './workspace';
import { codeFolder } from '../../support/codeFolder';

let moto: Moto;
let front: Front;
let session: AwsSession;
let lambda: LambdaClient;
let role: string;
const project = codeFolder({ 'index.js': "exports.handler = async () => 'plan';\n" });

before(async () => {
  ({ moto, front, session, lambda, role } = await startDeployWorld('plan-test-role'));
});

after(async () => {
  await stopDeployWorld({ moto, front, session, lambda });
  project.cleanup();
});

test('a plan is made from one lookup and changes nothing; applying it creates the function tagged as ours', async () => {
  const before = front.requests.length;
  const plan = await session.planDeploy(nodeFunction(project.dir, 'planned', { role }));
  assert.deepEqual(
    front.requests.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]}`),
    ['GET /2015-03-31/functions/planned'],
  );
  assert.equal(plan.action, 'create');
  assert.deepEqual(plan.questions, []);
  const result = await session.applyDeploy(plan, {}, { timing: FAST });
  assert.equal(result.outcome, 'created');
  assert.equal((await lambda.send(new GetFunctionCommand({ FunctionName: 'planned' }))).Tags?.[MANAGED_TAG], 'true');
  const again = await session.planDeploy(nodeFunction(project.dir, 'planned'));
  assert.equal(again.action, 'unchanged');
  assert.deepEqual(again.questions, []);
});

test('answers are checked before anything is sent: a required question without a yes changes nothing', async () => {
  const plan = await session.planDeploy(nodeFunction(project.dir, 'planned', { handler: 'index.other' }));
  assert.deepEqual(
    plan.questions.map((q) => [q.kind, q.required]),
    [['changes', true]],
  );
  const before = front.requests.length;
  await assert.rejects(session.applyDeploy(plan, {}, { timing: FAST }), (error: Error) => {
    assert.ok(error instanceof DeployCancelledError);
    assert.equal(
      error.message,
      'Deploy of planned cancelled: the handler changes, which needs confirmation; nothing was changed.',
    );
    return true;
  });
  assert.equal(front.requests.length, before);
});
