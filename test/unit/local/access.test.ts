import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { accessSummary, checkAccess } from '../../../src/core/local/access/accessGate';
import { checkApiKey, declaredApiKeys } from '../../../src/core/local/access/apiKeys';
import { localCredentials } from '../../../src/core/local/access/localCredentials';
import { serverlessEventAccess } from '../../../src/core/local/access/serverlessAccess';
import { checkSigV4, type SignedRequest } from '../../../src/core/local/access/sigv4';
import { signedHeaders } from '../../support/sigv4';

const KEYS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local/secret/key', origin: 'environment' };

async function signed(
  url: string,
  init: { method?: string; body?: string; secret?: string } = {},
): Promise<SignedRequest> {
  const headers = await signedHeaders(url, {
    method: init.method,
    body: init.body,
    accessKeyId: KEYS.accessKeyId,
    secretAccessKey: init.secret ?? KEYS.secretAccessKey,
  });
  const target = new URL(url);
  return {
    method: init.method ?? 'GET',
    rawPath: target.pathname,
    rawQueryString: target.search.slice(1),
    headers: Object.entries(headers),
    body: Buffer.from(init.body ?? ''),
  };
}

describe('SigV4 verification against the SDK signer', () => {
  test('a request signed by the SDK with the local keys is verified, query and body included', async () => {
    const request = await signed('http://127.0.0.1:4000/orders/a%20b/items?z=1&a=two%20words&a=0', {
      method: 'POST',
      body: '{"x":1}',
    });
    assert.deepEqual(checkSigV4(request, KEYS), { outcome: 'verified', accessKeyId: 'AKIDLOCALTEST' });
  });

  test('a changed body, path or secret is a mismatch', async () => {
    const request = await signed('http://127.0.0.1:4000/orders', { method: 'POST', body: '{"x":1}' });
    assert.equal(checkSigV4({ ...request, body: Buffer.from('{"x":2}') }, KEYS).outcome, 'mismatch');
    assert.equal(checkSigV4({ ...request, rawPath: '/other' }, KEYS).outcome, 'mismatch');
    assert.equal(
      checkSigV4(await signed('http://127.0.0.1:4000/orders', { secret: 'another secret' }), KEYS).outcome,
      'mismatch',
    );
  });

  test('no header is missing; a broken header is malformed; unknown keys are well-formed but unverified', async () => {
    assert.equal(
      checkSigV4({ method: 'GET', rawPath: '/', rawQueryString: '', headers: [], body: Buffer.alloc(0) }, KEYS).outcome,
      'missing',
    );
    const broken = checkSigV4(
      {
        method: 'GET',
        rawPath: '/',
        rawQueryString: '',
        headers: [['Authorization', 'Bearer abc']],
        body: Buffer.alloc(0),
      },
      KEYS,
    );
    assert.equal(broken.outcome, 'malformed');
    const request = await signed('http://127.0.0.1:4000/');
    assert.deepEqual(checkSigV4(request, undefined), {
      outcome: 'unverified',
      accessKeyId: 'AKIDLOCALTEST',
      reason: 'no local AWS credentials to verify it with',
    });
    assert.equal(checkSigV4(request, { ...KEYS, accessKeyId: 'AKIDOTHER' }).outcome, 'unverified');
  });
});

describe('access gate: API Gateway’s answers', () => {
  const unsigned: SignedRequest = {
    method: 'GET',
    rawPath: '/x',
    rawQueryString: '',
    headers: [],
    body: Buffer.alloc(0),
  };
  const noKeys = { values: [], generated: false };

  test('AWS_IAM without a signature: REST says Missing Authentication Token, HTTP APIs Forbidden, function URLs {"Message":"Forbidden"}', () => {
    const iam = { apiKeyRequired: false, iam: true };
    const body = (surface: 'rest' | 'http' | 'url') =>
      JSON.parse(checkAccess(surface, iam, unsigned, noKeys, KEYS).denied!.body.toString());
    assert.deepEqual(body('rest'), { message: 'Missing Authentication Token' });
    assert.deepEqual(body('http'), { message: 'Forbidden' });
    assert.deepEqual(body('url'), { Message: 'Forbidden' });
    assert.equal(checkAccess('rest', iam, unsigned, noKeys, KEYS).denied!.statusCode, 403);
  });

  test('AWS_IAM with a good signature passes with who signed; a bad one is refused with the signature message', async () => {
    const iam = { apiKeyRequired: false, iam: true };
    const good = checkAccess('rest', iam, await signed('http://127.0.0.1:4000/x'), noKeys, KEYS);
    assert.deepEqual([good.denied, good.accessKeyId], [undefined, 'AKIDLOCALTEST']);
    const bad = checkAccess('http', iam, await signed('http://127.0.0.1:4000/x', { secret: 'nope' }), noKeys, KEYS);
    assert.match(
      JSON.parse(bad.denied!.body.toString()).message,
      /^The request signature we calculated does not match/,
    );
    const unverified = checkAccess('url', iam, await signed('http://127.0.0.1:4000/x'), noKeys, undefined);
    assert.equal(unverified.denied, undefined);
    assert.deepEqual(unverified.logs, [
      'AWS_IAM: the signature was not verified: no local AWS credentials to verify it with',
    ]);
  });

  test('ApiKeyRequired: no x-api-key, or one the template does not declare, is 403 {"message":"Forbidden"}', () => {
    const declared = { values: ['k-123'], generated: false };
    assert.deepEqual(JSON.parse(checkApiKey([], declared)!.denied.body.toString()), { message: 'Forbidden' });
    assert.equal(checkApiKey([['X-API-Key', 'wrong']], declared)?.denied.statusCode, 403);
    assert.equal(checkApiKey([['x-api-key', 'k-123']], declared), undefined);
    assert.equal(checkApiKey([['x-api-key', 'anything']], { values: [], generated: true }), undefined);
  });

  test('the authorizer is checked before the API key, as API Gateway does', () => {
    const both = { apiKeyRequired: true, iam: true };
    const result = checkAccess('rest', both, { ...unsigned, headers: [] }, noKeys, KEYS);
    assert.deepEqual(JSON.parse(result.denied!.body.toString()), { message: 'Missing Authentication Token' });
  });

  test('the start-up summary says what is verified and against what', () => {
    const lines = accessSummary({
      iam: 2,
      apiKey: 1,
      credentials: undefined,
      keys: { values: ['a'], generated: false },
    });
    assert.match(
      lines[0],
      /no local AWS credentials, so a well-formed SigV4 signature is accepted without being verified/,
    );
    assert.match(lines[1], /x-api-key must be one of the 1 key\(s\) the template declares/);
    assert.equal(lines.length, 2);
  });
});

describe('what a template asks for', () => {
  test('declared keys: AWS::ApiGateway::ApiKey values, SAM usage plans (generated), serverless.yml apiKeys', () => {
    const template = {
      Resources: { Key: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Value: 'k-123', Enabled: true } } },
    };
    assert.deepEqual(declaredApiKeys(template), { values: ['k-123'], generated: false });
    const usagePlan = {
      Resources: {
        Api: {
          Type: 'AWS::Serverless::Api',
          Properties: { Auth: { ApiKeyRequired: true, UsagePlan: { CreateUsagePlan: 'PER_API' } } },
        },
      },
    };
    assert.deepEqual(declaredApiKeys(usagePlan), { values: [], generated: true });
    assert.deepEqual(
      declaredApiKeys({ provider: { apiGateway: { apiKeys: [{ name: 'a', value: 'abcdefghijklmnopqrstuvwxyz' }] } } }),
      { values: ['abcdefghijklmnopqrstuvwxyz'], generated: false },
    );
    assert.deepEqual(declaredApiKeys({ provider: { apiGateway: { apiKeys: ['generatedKey'] } } }), {
      values: [],
      generated: true,
    });
  });

  test('serverless.yml events: private: true needs an API key, authorizer: aws_iam a signature', () => {
    assert.deepEqual(serverlessEventAccess({ name: 'Api0', type: 'Api', properties: { Path: 'x', private: true } }), {
      iam: false,
      apiKeyRequired: true,
    });
    assert.deepEqual(
      serverlessEventAccess({ name: 'HttpApi0', type: 'HttpApi', properties: { authorizer: { type: 'aws_iam' } } }),
      { iam: true, apiKeyRequired: false },
    );
    assert.deepEqual(serverlessEventAccess({ name: 'Api1', type: 'Api', properties: { authorizer: 'aws_iam' } }), {
      iam: true,
      apiKeyRequired: false,
    });
  });

  test('local credentials: the environment first, then the profile’s static keys', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lwb-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=s2\n',
    );
    writeFileSync(
      join(home, '.aws', 'config'),
      '[profile cfg]\naws_access_key_id = AKIDCFG # inline comment\naws_secret_access_key = s3\n[profile sso-only]\nsso_session = corp\n',
    );
    assert.equal(
      (await localCredentials({ AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 's' }, home))?.origin,
      'environment',
    );
    assert.equal((await localCredentials({}, home))?.accessKeyId, 'AKIDDEFAULT');
    assert.deepEqual(await localCredentials({ AWS_PROFILE: 'dev' }, home), {
      accessKeyId: 'AKIDDEV',
      secretAccessKey: 's2',
      origin: 'profile dev',
    });
    assert.equal((await localCredentials({ AWS_PROFILE: 'cfg' }, home))?.accessKeyId, 'AKIDCFG');
    assert.equal(await localCredentials({ AWS_PROFILE: 'sso-only' }, home), undefined);
  });
});
