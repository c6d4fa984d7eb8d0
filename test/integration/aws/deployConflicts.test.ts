import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { AwsError, createAwsSession, type AwsSession } from '../../../src/core/aws';
import { startMoto, type Moto } from '../../support/moto';
import {
  invalidParameterValue,
  isCall,
  json,
  preconditionFailed,
  resourceConflict,
  startFront,
  type Front,
} from './front';
import { createRole, FAST, nodeFunction } from './workspace';
import { codeFolder } from '../../support/codeFolder';

// What moto does not model (updates in progress, RevisionId checks, IAM propagation delays) is answered here by the
// front server as the Lambda API documents it; everything else reaches moto.
let moto: Moto;
let front: Front;
let session: AwsSession;
let role: string;
const project = codeFolder({ 'index.js': "exports.handler = async () => 'one';\n" });
let version = 0;

before(async () => {
  moto = await startMoto();
  front = await startFront(moto.endpoint);
  session = createAwsSession({ endpoint: front.url });
  role = await createRole('conflict-test-role');
  await session.deploy(nodeFunction(project.dir, 'busy', { role }), { timing: FAST });
});

afterEach(() => {
  front.rules.length = 0;
});

after(async () => {
  session?.dispose();
  await front?.close();
  await moto?.stop();
  project.cleanup();
});

/** Changes the code so the next deploy must upload. */
function changeCode(): void {
  project.write('index.js', `exports.handler = async () => ${++version};\n`);
}

const codeUpdates = () => front.requests.filter((r) => isCall(r, 'PUT', /\/functions\/busy\/code$/));
// The lookup and the SDK's FunctionUpdatedV2 waiter both read the function with GetFunction.
const functionReads = () => front.requests.filter((r) => isCall(r, 'GET', /\/functions\/busy$/));

function reportInProgress(times?: number): void {
  front.rules.push({
    match: (r) => isCall(r, 'GET', /\/functions\/busy$/),
    rewrite: (_req, upstream) => {
      const body = json(upstream.body) as { Configuration: Record<string, unknown> };
      return {
        ...upstream,
        body: JSON.stringify({ ...body, Configuration: { ...body.Configuration, LastUpdateStatus: 'InProgress' } }),
      };
    },
    times,
  });
}

test('waits while the update is InProgress, then finishes', async () => {
  changeCode();
  reportInProgress(3);
  const reads = functionReads().length;
  const result = await session.deploy(nodeFunction(project.dir, 'busy'), { timing: FAST });
  assert.equal(result.outcome, 'updated');
  assert.ok(functionReads().length - reads >= 4, 'polled until the update was no longer InProgress');
});

test('gives up with a clear message when the update stays InProgress', async () => {
  changeCode();
  reportInProgress();
  await assert.rejects(
    session.deploy(nodeFunction(project.dir, 'busy'), { timing: { ...FAST, maxWaitMs: 200 } }),
    (error: Error) => {
      assert.ok(error instanceof AwsError);
      assert.match(error.message, /busy is still updating \(InProgress\)/);
      return true;
    },
  );
});

test('an update Lambda reports as Failed fails the deploy with its reason', async () => {
  changeCode();
  const updatesBefore = codeUpdates().length;
  front.rules.push({
    match: (r) => isCall(r, 'GET', /\/functions\/busy$/) && codeUpdates().length > updatesBefore,
    rewrite: (_req, upstream) => {
      const body = json(upstream.body) as { Configuration: Record<string, unknown> };
      const failed = {
        LastUpdateStatus: 'Failed',
        LastUpdateStatusReason: 'The unzipped size exceeds the limit.',
        LastUpdateStatusReasonCode: 'InvalidZipFileException',
      };
      return { ...upstream, body: JSON.stringify({ ...body, Configuration: { ...body.Configuration, ...failed } }) };
    },
  });
  await assert.rejects(session.deploy(nodeFunction(project.dir, 'busy'), { timing: FAST }), (error: Error) => {
    assert.ok(error instanceof AwsError);
    assert.equal(error.message, 'The update of busy failed: The unzipped size exceeds the limit.');
    return true;
  });
});

test('waits out ResourceConflictException while another update runs', async () => {
  changeCode();
  front.rules.push({
    match: (r) => isCall(r, 'PUT', /\/functions\/busy\/code$/),
    reply: () => resourceConflict('arn:aws:lambda:us-east-1:123456789012:function:busy'),
    times: 2,
  });
  const before = codeUpdates().length;
  const result = await session.deploy(nodeFunction(project.dir, 'busy'), { timing: FAST });
  assert.equal(result.outcome, 'updated');
  assert.equal(codeUpdates().length - before, 3);
});

test('reports a conflict that outlasts the bound', async () => {
  changeCode();
  front.rules.push({
    match: (r) => isCall(r, 'PUT', /\/functions\/busy\/code$/),
    reply: () => resourceConflict('arn:aws:lambda:us-east-1:123456789012:function:busy'),
  });
  await assert.rejects(
    session.deploy(nodeFunction(project.dir, 'busy'), { timing: { ...FAST, maxConflictWaitMs: 150 } }),
    (error: Error) => {
      assert.ok(error instanceof AwsError);
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /busy is busy with another update \(lambda:UpdateFunctionCode\)/);
      return true;
    },
  );
});

test('sends the RevisionId last seen and never overwrites a change made meanwhile', async () => {
  changeCode();
  front.rules.push(
    {
      match: (r) => isCall(r, 'GET', /\/functions\/busy$/),
      rewrite: (_req, upstream) => {
        const body = json(upstream.body) as { Configuration: Record<string, unknown> };
        return {
          ...upstream,
          body: JSON.stringify({ ...body, Configuration: { ...body.Configuration, RevisionId: 'rev-seen' } }),
        };
      },
    },
    {
      match: (r) => isCall(r, 'PUT', /\/functions\/busy\/code$/),
      reply: () => preconditionFailed(),
    },
  );
  await assert.rejects(session.deploy(nodeFunction(project.dir, 'busy'), { timing: FAST }), (error: Error) => {
    assert.ok(error instanceof AwsError);
    assert.equal(error.kind, 'precondition');
    assert.match(error.message, /busy was changed by someone else since it was last read/);
    assert.match(error.message, /nothing was overwritten/);
    return true;
  });
  assert.equal(json(codeUpdates().at(-1)!.body).RevisionId, 'rev-seen');

  await assert.rejects(
    session.deploy(nodeFunction(project.dir, 'busy'), { timing: FAST, expectedRevisionId: 'rev-in-editor' }),
    AwsError,
  );
  assert.equal(json(codeUpdates().at(-1)!.body).RevisionId, 'rev-in-editor');
});

test('retries CreateFunction while a new role is not yet usable by Lambda', async () => {
  front.rules.push({
    match: (r) => isCall(r, 'POST', /\/functions\/?$/),
    reply: () => invalidParameterValue('The role defined for the function cannot be assumed by Lambda.'),
    times: 2,
  });
  const creates = () => front.requests.filter((r) => isCall(r, 'POST', /\/functions\/?$/)).length;
  const before = creates();
  const result = await session.deploy(nodeFunction(project.dir, 'fresh-role'), {
    timing: FAST,
    confirmCreateRole: () => true,
  });
  assert.equal(result.outcome, 'created');
  assert.equal(creates() - before, 3);
});

test('does not retry CreateFunction for a role that already existed', async () => {
  front.rules.push({
    match: (r) => isCall(r, 'POST', /\/functions\/?$/),
    reply: () => invalidParameterValue('The role defined for the function cannot be assumed by Lambda.'),
  });
  await assert.rejects(
    session.deploy(nodeFunction(project.dir, 'bad-role', { role }), { timing: FAST }),
    (error: Error) => {
      assert.ok(error instanceof AwsError);
      assert.match(
        error.message,
        /lambda:CreateFunction on bad-role failed: InvalidParameterValueException: The role defined/,
      );
      return true;
    },
  );
});
