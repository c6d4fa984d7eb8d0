import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { AwsError, createAwsSession, toAwsError } from '../../../src/core/aws';
import { freePort } from '../../../scripts/freePort.mjs';
import { startMoto, type Moto } from '../../support/moto';
import { accessDenied, awsError, isCall, startFront, type Front } from './front';
import { nodeFunction } from './workspace';
import { codeFolder } from '../../support/codeFolder';

let moto: Moto;
let front: Front;
let saved: NodeJS.ProcessEnv = {};
const home = mkdtempSync(join(tmpdir(), 'lwb-home-'));

before(async () => {
  moto = await startMoto();
  front = await startFront(moto.endpoint);
  saved = { ...process.env };
});

beforeEach(() => {
  // Each test changes credentials or endpoints; start from what startMoto set, with a home that has no SSO cache.
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved, { HOME: home });
});

afterEach(() => {
  front.rules.length = 0;
});

after(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await front?.close();
  await moto?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<AwsError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof AwsError, `expected an AwsError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('credentials', () => {
  test('missing credentials name `aws configure`', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const session = createAwsSession();
    const error = await failure(() => session.list());
    session.dispose();
    assert.equal(error.kind, 'credentials');
    assert.equal(
      error.message,
      'No AWS credentials found. Run `aws configure` (or `aws sso login` for SSO), or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
  });

  test('a profile that does not exist names the profile in the command to run', async () => {
    const session = createAwsSession({ profile: 'staging' });
    const error = await failure(() => session.whoAmI());
    session.dispose();
    assert.equal(error.kind, 'credentials');
    assert.match(error.message, /for profile staging\. Run `aws configure --profile staging`/);
  });

  test('an SSO profile without a valid token names `aws sso login --profile X`', async () => {
    const config = join(home, 'config');
    writeFileSync(
      config,
      '[profile sso-dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n\n' +
        '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    process.env.AWS_CONFIG_FILE = config;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const session = createAwsSession({ profile: 'sso-dev' });
    const error = await failure(() => session.list());
    session.dispose();
    assert.equal(error.kind, 'expired');
    assert.equal(
      error.message,
      'The SSO session of profile sso-dev has expired. Run `aws sso login --profile sso-dev` and try again.',
    );
  });

  test('credentials never appear in messages', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAZZZZYYYYXXXXWWWW';
    process.env.AWS_SECRET_ACCESS_KEY = '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';
    // AWS's own codes and statuses, with messages that echo the request's Authorization header: the worst case.
    front.rules.push({
      match: (r) => isCall(r, 'GET', /^\/2015-03-31\/functions\/?$/),
      reply: (r) =>
        awsError(
          403,
          'UnrecognizedClientException',
          `The security token included in the request is invalid: ${String(r.headers.authorization)}`,
        ),
    });
    front.rules.push({
      match: (r) => isCall(r, 'GET', /\/functions\/echoed\/configuration$/),
      reply: (r) =>
        awsError(
          400,
          'InvalidParameterValueException',
          `Rejected request signed with ${String(r.headers.authorization)}`,
        ),
    });
    const session = createAwsSession({ endpoint: front.url });
    const rejected = await failure(() => session.list());
    const echoed = await failure(() => session.getConfiguration('echoed'));
    session.dispose();
    assert.equal(rejected.kind, 'credentials');
    assert.match(echoed.message, /Rejected request signed with AWS4-HMAC-SHA256 Credential=AKIA\*\*\*\*\//);
    for (const error of [rejected, echoed]) {
      assert.doesNotMatch(error.message, /AKIAZZZZYYYYXXXXWWWW|SECRET/);
      assert.doesNotMatch(String(error.stack), /AKIAZZZZYYYYXXXXWWWW|SECRET/);
    }
  });
});

describe('endpoints and permissions', () => {
  test('an unreachable endpoint is named, whether given or from AWS_ENDPOINT_URL', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const given = createAwsSession({ endpoint: closed });
    const error = await failure(() => given.list());
    given.dispose();
    assert.equal(error.kind, 'endpoint');
    assert.equal(
      error.message,
      `Cannot reach ${closed} (connection refused) while calling lambda:ListFunctions. Check AWS_ENDPOINT_URL, the region and your network.`,
    );

    process.env.AWS_ENDPOINT_URL = closed;
    const fromEnv = createAwsSession();
    const project = codeFolder({ 'index.js': 'exports.handler = async () => 1;\n' });
    try {
      const deployError = await failure(() =>
        fromEnv.deploy(nodeFunction(project.dir, 'unreachable'), { timing: { maxConflictWaitMs: 0 } }),
      );
      assert.equal(deployError.kind, 'endpoint');
      assert.match(deployError.message, new RegExp(`^Cannot reach ${closed} .* lambda:GetFunction`));
    } finally {
      fromEnv.dispose();
      project.cleanup();
    }
  });

  test('AccessDenied names the action', async () => {
    front.rules.push({
      match: (r) => isCall(r, 'DELETE', /\/functions\/guarded$/),
      reply: () =>
        accessDenied(
          'arn:aws:iam::123456789012:user/dev',
          'lambda:DeleteFunction',
          'arn:aws:lambda:us-east-1:123456789012:function:guarded',
        ),
    });
    const session = createAwsSession({ endpoint: front.url });
    const error = await failure(() => session.delete('guarded'));
    session.dispose();
    assert.equal(error.kind, 'access-denied');
    assert.equal(
      error.message,
      'Access denied: your AWS identity is not allowed to call lambda:DeleteFunction on guarded. Ask for the lambda:DeleteFunction permission.',
    );
  });

  test('a missing region says how to set one', async () => {
    delete process.env.AWS_REGION;
    const session = createAwsSession();
    const error = await failure(() => session.list());
    session.dispose();
    assert.equal(error.kind, 'region');
    assert.match(error.message, /No AWS region is set/);
  });
});

describe('mapping', () => {
  test('host-not-found and throttling have their own messages', () => {
    const notFound = toAwsError(
      Object.assign(new Error('getaddrinfo ENOTFOUND lambda.nowhere.example'), {
        code: 'ENOTFOUND',
        hostname: 'lambda.nowhere.example',
      }),
      {
        action: 'lambda:ListFunctions',
      },
    );
    assert.equal(
      notFound.message,
      'Cannot reach https://lambda.nowhere.example (host not found) while calling lambda:ListFunctions. Check AWS_ENDPOINT_URL, the region and your network.',
    );
    const throttled = toAwsError(
      Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: {} }),
      { action: 'lambda:Invoke' },
    );
    assert.ok(throttled instanceof AwsError && throttled.kind === 'throttled');
  });

  test('errors that are not from AWS pass through unchanged', () => {
    const local = new RangeError('bad input');
    assert.equal(toAwsError(local, { action: 'lambda:GetFunction' }), local);
  });
});
