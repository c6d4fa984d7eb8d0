import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES } from '../../support/functions';
import { signedHeaders } from '../../support/sigv4';
import { within } from '../../unit/local/fakes';

const repo = resolve(__dirname, '../../..');
const KEYS = { accessKeyId: 'AKIDSTARTAPI', secretAccessKey: 'start/api/secret' };

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    CodeUri: ${join(FIXTURES, 'runtime', 'streaming')}
Resources:
  KeyedApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        ApiKeyRequired: true
  PartnerKey:
    Type: AWS::ApiGateway::ApiKey
    Properties:
      Enabled: true
      Value: partner-key-0123456789
  Reports:
    Type: AWS::Serverless::Function
    Properties:
      Handler: stream.plain
      Events:
        List:
          Type: Api
          Properties: { Path: /reports, Method: get, RestApiId: !Ref KeyedApi }
        Signed:
          Type: Api
          Properties: { Path: /signed, Method: get, Auth: { Authorizer: AWS_IAM } }
        Internal:
          Type: HttpApi
          Properties: { Path: /internal, Method: get, Auth: { Authorizer: AWS_IAM } }
  Live:
    Type: AWS::Serverless::Function
    Properties:
      Handler: stream.page
      FunctionUrlConfig:
        AuthType: NONE
        InvokeMode: RESPONSE_STREAM
`;

describe('start-api: access control as API Gateway answers it, and function URLs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-access-'));
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repo, 'src/cli/main.ts'),
      'start-api',
      '--template',
      join(dir, 'template.yaml'),
      '--port',
      '0',
      '--no-watch',
    ],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...{ AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, AWS_PROFILE: '' },
      },
    },
  );
  let stdout = '';
  let stderr = '';
  let api = '';
  let liveUrl = '';

  before(async () => {
    await within(
      new Promise<void>((done) => {
        const ready = () => /URL\s+http/.test(stdout) && stderr.includes('access: API key required') && done();
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          ready();
        });
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
          ready();
        });
      }),
      30_000,
      'start-api printing its routes and URLs',
    );
    api = /Local API on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1];
    liveUrl = /URL\s+(http:\/\/127\.0\.0\.1:\d+\/)\s+Live/.exec(stdout)![1];
  });
  after(() => child.kill('SIGKILL'));

  test('start-up lists the function URL and says once what access control checks', () => {
    assert.match(stdout, /URL\s+http:\/\/127\.0\.0\.1:\d+\/\s+Live\s+\(function URL, NONE, RESPONSE_STREAM\)/);
    assert.match(
      stderr,
      /access: AWS_IAM on 2 route\(s\)\/URL\(s\): SigV4 signatures are verified against the local credentials \(environment, AKIDSTARTAPI\)/,
    );
    assert.match(
      stderr,
      /access: API key required on 1 method\(s\): x-api-key must be one of the 1 key\(s\) the template declares/,
    );
  });

  test('ApiKeyRequired: 403 {"message":"Forbidden"} without the key or with an unknown one, 200 with the declared key', async () => {
    const none = await fetch(`${api}/reports`);
    assert.equal(none.status, 403);
    assert.deepEqual(await none.json(), { message: 'Forbidden' });
    assert.equal((await fetch(`${api}/reports`, { headers: { 'x-api-key': 'made-up' } })).status, 403);
    const ok = await fetch(`${api}/reports`, { headers: { 'x-api-key': 'partner-key-0123456789' } });
    assert.equal(ok.status, 200);
  });

  test('AWS_IAM on a REST route: 403 Missing Authentication Token unsigned, 200 signed with the local keys', async () => {
    const unsigned = await fetch(`${api}/signed`);
    assert.equal(unsigned.status, 403);
    assert.deepEqual(await unsigned.json(), { message: 'Missing Authentication Token' });
    const signed = await fetch(`${api}/signed`, {
      headers: await signedHeaders(`${api}/signed`, { ...KEYS, service: 'execute-api' }),
    });
    assert.equal(signed.status, 200);
  });

  test('AWS_IAM on an HTTP API route: 403 Forbidden unsigned, 403 with a forged signature, 200 signed', async () => {
    const url = `${api}/internal`;
    const unsigned = await fetch(url);
    assert.equal(unsigned.status, 403);
    assert.deepEqual(await unsigned.json(), { message: 'Forbidden' });
    const forged = await fetch(url, {
      headers: await signedHeaders(url, { ...KEYS, secretAccessKey: 'wrong', service: 'execute-api' }),
    });
    assert.equal(forged.status, 403);
    assert.equal(
      (await fetch(url, { headers: await signedHeaders(url, { ...KEYS, service: 'execute-api' }) })).status,
      200,
    );
  });

  test('the RESPONSE_STREAM function URL answers with the streamed prelude and body', async () => {
    const res = await fetch(`${liveUrl}now`);
    assert.equal(res.status, 201);
    assert.equal(await res.text(), '<p>/now</p><p>done</p>');
  });
});
