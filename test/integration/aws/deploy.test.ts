import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetAliasCommand, GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeployCancelledError, type AwsSession, type ConfigChange, type Step } from '../../../src/core/aws';
import { packageFunction } from '../../../src/core/build';
import type { Moto } from '../../support/moto';
import { isCall, json, type Front } from './front';
import { startDeployWorld, stopDeployWorld } from './deployWorld';
import { FAST, nodeFunction } from './workspace';
import { codeFolder } from '../../support/codeFolder';

let moto: Moto;
let front: Front;
let session: AwsSession;
let lambda: LambdaClient;
let role: string;
const project = codeFolder({ 'index.js': "exports.handler = async () => 'one';\n" });

before(async () => {
  ({ moto, front, session, lambda, role } = await startDeployWorld('deploy-test-role'));
});

after(async () => {
  await stopDeployWorld({ moto, front, session, lambda });
  project.cleanup();
});

const calls = (method: string, path: RegExp) => front.requests.filter((r) => isCall(r, method, path));
const remote = async (name: string) =>
  (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration!;

describe('creating a function', () => {
  test('creates it with the role given, and Lambda reports the CodeSha256 computed locally', async () => {
    const fn = nodeFunction(project.dir, 'created-with-role', { memorySize: 256, environment: { STAGE: 'dev' } });
    const steps: Step[] = [];
    const result = await session.deploy(fn, { role, timing: FAST, onStep: (s) => steps.push(s) });
    assert.equal(result.outcome, 'created');
    assert.equal(result.version, '$LATEST');
    const config = await remote('created-with-role');
    assert.equal(config.CodeSha256, result.codeSha256);
    assert.equal(config.CodeSha256, (await packageFunction(fn)).codeSha256);
    assert.equal(config.Role, role);
    assert.equal(config.MemorySize, 256);
    assert.deepEqual(config.Environment?.Variables, { STAGE: 'dev' });
    assert.equal(result.functionArn, config.FunctionArn);
    assert.deepEqual([...new Set(steps.map((s) => s.id))], ['package', 'lookup', 'role', 'upload']);
  });

  test("uses the template's Role when none is given", async () => {
    const result = await session.deploy(nodeFunction(project.dir, 'created-with-template-role', { role }), {
      timing: FAST,
    });
    assert.equal(result.outcome, 'created');
    assert.equal((await remote('created-with-template-role')).Role, role);
  });

  test('creates an execution role trusting Lambda with the basic policy, once confirmed', async () => {
    const asked: string[] = [];
    const result = await session.deploy(nodeFunction(project.dir, 'needs-a-role'), {
      timing: FAST,
      confirmCreateRole: (name) => {
        asked.push(name);
        return true;
      },
    });
    assert.deepEqual(asked, ['needs-a-role-role']);
    assert.equal(result.outcome, 'created');
    const iam = new IAMClient({});
    try {
      const created = await iam.send(new GetRoleCommand({ RoleName: 'needs-a-role-role' }));
      assert.equal((await remote('needs-a-role')).Role, created.Role?.Arn);
      assert.match(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? ''), /lambda\.amazonaws\.com/);
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'needs-a-role-role' }));
      assert.deepEqual(
        attached.AttachedPolicies?.map((p) => p.PolicyName),
        ['AWSLambdaBasicExecutionRole'],
      );
    } finally {
      iam.destroy();
    }
  });

  test('creates nothing when creating the role is declined', async () => {
    const before = front.requests.length;
    await assert.rejects(
      session.deploy(nodeFunction(project.dir, 'no-role'), { timing: FAST, confirmCreateRole: () => false }),
      (error: Error) => error instanceof DeployCancelledError && /no role/.test(error.message),
    );
    const sent = front.requests.slice(before);
    assert.ok(
      sent.every((r) => r.method === 'GET'),
      'only lookups were sent',
    );
  });

  test('a dry run of a new function sends nothing but the lookup', async () => {
    const before = front.requests.length;
    const result = await session.deploy(nodeFunction(project.dir, 'dry-new'), { timing: FAST, dryRun: true });
    assert.equal(result.outcome, 'dry-run');
    assert.deepEqual(
      front.requests.slice(before).map((r) => r.method),
      ['GET'],
    );
  });

  test('an aborted deploy stops before anything is uploaded', async () => {
    const controller = new AbortController();
    const before = front.requests.length;
    const deploy = session.deploy(nodeFunction(project.dir, 'aborted', { role }), {
      timing: FAST,
      signal: controller.signal,
      onStep: (s) => s.id === 'lookup' && s.status === 'running' && controller.abort(),
    });
    await assert.rejects(deploy, DeployCancelledError);
    assert.ok(front.requests.slice(before).every((r) => r.method === 'GET'));
  });
});

describe('updating a function', () => {
  const name = 'updated';
  test('uploads changed code and skips the upload when the code is unchanged', async () => {
    project.write('index.js', "exports.handler = async () => 'one';\n");
    await session.deploy(nodeFunction(project.dir, name, { role }), { timing: FAST });
    project.write('index.js', "exports.handler = async () => 'two';\n");
    const updated = await session.deploy(nodeFunction(project.dir, name), { timing: FAST });
    assert.equal(updated.outcome, 'updated');
    assert.equal(updated.codeUploaded, true);
    assert.equal((await remote(name)).CodeSha256, updated.codeSha256);
    assert.equal(calls('PUT', /\/functions\/updated\/code$/).length, 1);

    const steps: Step[] = [];
    const again = await session.deploy(nodeFunction(project.dir, name), { timing: FAST, onStep: (s) => steps.push(s) });
    assert.equal(again.outcome, 'unchanged');
    assert.equal(again.codeUploaded, false);
    assert.equal(calls('PUT', /\/functions\/updated\/code$/).length, 1, 'no second upload');
    assert.equal(steps.find((s) => s.id === 'upload')?.status, 'skipped');
  });

  test('shows the configuration diff first and sends only the changed settings', async () => {
    const seen: ConfigChange[][] = [];
    const fn = nodeFunction(project.dir, name, { memorySize: 512, timeout: 30, environment: { SECRET: 'hunter2' } });
    const result = await session.deploy(fn, { timing: FAST, confirmChanges: (changes) => (seen.push(changes), true) });
    assert.deepEqual(seen[0].map((c) => c.field).sort(), ['environment', 'memorySize', 'timeout']);
    assert.ok(
      seen[0].every((c) => !c.summary.includes('hunter2')),
      'environment values stay out of summaries',
    );
    assert.equal(result.outcome, 'updated');
    assert.equal(result.codeUploaded, false);
    const sent = json(calls('PUT', /\/functions\/updated\/configuration$/).at(-1)!.body);
    assert.deepEqual(Object.keys(sent).sort(), ['Environment', 'MemorySize', 'Timeout']);
    const config = await remote(name);
    assert.equal(config.MemorySize, 512);
    assert.equal(config.Timeout, 30);
    assert.deepEqual(config.Environment?.Variables, { SECRET: 'hunter2' });
  });

  test('declined changes leave the function as it was', async () => {
    const before = front.requests.length;
    await assert.rejects(
      session.deploy(
        nodeFunction(project.dir, name, { memorySize: 1024, timeout: 30, environment: { SECRET: 'hunter2' } }),
        {
          timing: FAST,
          confirmChanges: () => false,
        },
      ),
      DeployCancelledError,
    );
    assert.ok(front.requests.slice(before).every((r) => r.method === 'GET'));
    assert.equal((await remote(name)).MemorySize, 512);
  });

  test('a dry run reports the plan and changes nothing', async () => {
    project.write('index.js', "exports.handler = async () => 'three';\n");
    const before = front.requests.length;
    const result = await session.deploy(
      nodeFunction(project.dir, name, { memorySize: 1024, timeout: 30, environment: { SECRET: 'hunter2' } }),
      {
        timing: FAST,
        dryRun: true,
      },
    );
    assert.equal(result.outcome, 'dry-run');
    assert.equal(result.codeUploaded, true);
    assert.deepEqual(
      result.changes.map((c) => c.field),
      ['memorySize'],
    );
    assert.ok(front.requests.slice(before).every((r) => r.method === 'GET'));
  });

  test('an architecture change goes with UpdateFunctionCode, not UpdateFunctionConfiguration', async () => {
    const fn = nodeFunction(project.dir, name, {
      memorySize: 512,
      timeout: 30,
      environment: { SECRET: 'hunter2' },
      architectures: ['arm64'],
    });
    const configCalls = calls('PUT', /\/functions\/updated\/configuration$/).length;
    const result = await session.deploy(fn, { timing: FAST });
    assert.deepEqual(
      result.changes.map((c) => c.field),
      ['architectures'],
    );
    assert.deepEqual(json(calls('PUT', /\/functions\/updated\/code$/).at(-1)!.body).Architectures, ['arm64']);
    assert.equal(calls('PUT', /\/functions\/updated\/configuration$/).length, configCalls, 'no configuration update');
  });
});

describe('versions and aliases', () => {
  test('publishes a version and creates, then moves, the alias', async () => {
    const name = 'published';
    project.write('index.js', "exports.handler = async () => 'v1';\n");
    const first = await session.deploy(nodeFunction(project.dir, name, { role }), { timing: FAST, alias: 'live' });
    assert.equal(first.version, '1');
    assert.match(first.aliasArn ?? '', /:published:live$/);
    assert.equal((await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion, '1');

    project.write('index.js', "exports.handler = async () => 'v2';\n");
    const second = await session.deploy(nodeFunction(project.dir, name), {
      timing: FAST,
      publish: true,
      alias: 'live',
    });
    assert.equal(second.version, '2');
    assert.equal((await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion, '2');
    assert.deepEqual(
      (await session.listVersions(name)).map((v) => v.Version),
      ['$LATEST', '1', '2'],
    );
    assert.deepEqual(
      (await session.listAliases(name)).map((a) => a.Name),
      ['live'],
    );
  });
});
