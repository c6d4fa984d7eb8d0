// Deploy and Download Code as a careless user or a hostile account would drive them, against moto's server and the
// real CLI: a same-named function that is someone else's, changes that lose settings, code from outside the folder,
// zips built to escape or to fill the disk, and workspace settings that try to redirect credentialed calls.
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  type GetFunctionResponse,
} from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';
import { MANAGED_TAG } from '../../src/core/aws';
import { writeZip } from '../../src/core/packaging';
import { readSetting, RESTRICTED_SETTINGS, type InspectedSetting } from '../../src/extension/restrictedSettings';
import { isCall, json, s3Object, startFront, type Front } from '../integration/aws/front';
import { createRole } from '../integration/aws/workspace';
import { codeFolder } from '../support/codeFolder';
import { startMoto, type Moto } from '../support/moto';

let moto: Moto;
let lambda: LambdaClient;
let role: string;
const project = codeFolder({
  'app.js': "exports.handler = async () => 'ours';\nexports.other = async () => 'other';\n",
});

function template(
  options: { name?: string; handler?: string; env?: Record<string, string>; codeUri?: string } = {},
): string {
  const env = options.env ?? { STAGE: 'dev' };
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  ShopFunction:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    `      FunctionName: ${options.name ?? 'shop'}`,
    `      CodeUri: ${options.codeUri ?? '.'}`,
    `      Handler: ${options.handler ?? 'app.handler'}`,
    '      Runtime: nodejs20.x',
    `      Role: ${role}`,
    ...(Object.keys(env).length
      ? ['      Environment:', '        Variables:', ...Object.entries(env).map(([k, v]) => `          ${k}: ${v}`)]
      : []),
    '',
  ].join('\n');
}

/** Runs the CLI in this process, answering its questions from `stdin`, and captures what it prints. */
async function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: async () => stdin,
    cwd: project.dir,
    env: process.env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const deploy = (extra: string[] = [], stdin = '') =>
  cli(['deploy', 'ShopFunction', '--template', 'template.yaml', ...extra], stdin);
const remote = (name = 'shop'): Promise<GetFunctionResponse> =>
  lambda.send(new GetFunctionCommand({ FunctionName: name }));
/** What a deploy must not change behind the user's back. */
const snapshot = async (name = 'shop') => {
  const { Configuration: c, Tags } = await remote(name);
  return {
    runtime: c?.Runtime,
    handler: c?.Handler,
    env: c?.Environment?.Variables,
    sha: c?.CodeSha256,
    memory: c?.MemorySize,
    tags: Tags,
  };
};

before(async () => {
  moto = await startMoto();
  lambda = new LambdaClient({});
  role = await createRole('faults-role');
  // Someone else's function of the same name: another runtime, other variables, no tag of ours.
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'shop',
      Runtime: 'python3.12',
      Handler: 'main.handler',
      Role: role,
      Code: {
        ZipFile: writeZip([
          { path: 'main.py', data: Buffer.from('def handler(event, context):\n    return "theirs"\n') },
        ]),
      },
      Environment: { Variables: { DB_URL: 'postgres://prod', API_KEY: 'k-123' } },
    }),
  );
  project.write('template.yaml', template());
});

after(async () => {
  lambda?.destroy();
  await moto?.stop();
  project.cleanup();
});

describe('a same-named function Lambda Workbench did not deploy', () => {
  test('is not changed without --force, and the message says what would be lost', async () => {
    const before = await snapshot();
    const { code, stdout, stderr } = await deploy();
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /shop already exists in AWS and was not deployed by Lambda Workbench \(it has no lambda-workbench:managed tag\): deploying replaces its code \(python3\.12, handler main\.handler\) and its settings, environment API_KEY, DB_URL\. Nothing was changed\. Pass --force to deploy anyway, or --confirm to be asked\.\n$/,
    );
    assert.doesNotMatch(stderr, /k-123|postgres:\/\/prod/, 'variable values never shown');
    assert.deepEqual(await snapshot(), before);
  });

  test('a no under --confirm changes nothing', async () => {
    const before = await snapshot();
    const { code, stderr } = await deploy(['--confirm'], 'n\n');
    assert.equal(code, 1);
    assert.match(stderr, /was not deployed by Lambda Workbench .* Replace it\? \[y\/N\]/);
    assert.match(stderr, /Deploy of shop cancelled: shop already exists in AWS .* Nothing was changed\.\n$/);
    assert.deepEqual(await snapshot(), before);
  });

  test('a dry run shows every change and that it needs --force', async () => {
    const before = await snapshot();
    const { code, stdout, stderr } = await deploy(['--dry-run']);
    assert.equal(code, 0, stderr);
    assert.match(
      stderr,
      /Handler: main\.handler → app\.handler\n {2}Runtime: python3\.12 → nodejs20\.x\n {2}Environment: added STAGE; removed API_KEY, DB_URL\n/,
    );
    assert.equal(
      stdout,
      'Dry run: would upload new code and change Handler, Runtime, Environment for shop. Nothing was changed. It would need --force: it replaces a function Lambda Workbench did not deploy; the handler changes and the runtime changes and environment variables are removed (API_KEY, DB_URL).\n',
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('--force replaces it and marks it as ours, so the next deploy needs no --force', async () => {
    const { code, stdout, stderr } = await deploy(['--force']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Updated arn:aws:lambda:us-east-1:123456789012:function:shop \(version \$LATEST\)\n$/);
    assert.match(stderr, /✓ Marked shop as deployed by Lambda Workbench: tag lambda-workbench:managed/);
    const after = await snapshot();
    assert.deepEqual([after.runtime, after.handler, after.env], ['nodejs20.x', 'app.handler', { STAGE: 'dev' }]);
    assert.equal(after.tags?.[MANAGED_TAG], 'true');
    const again = await deploy();
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'Unchanged arn:aws:lambda:us-east-1:123456789012:function:shop (version $LATEST)\n');
  });
});

describe('changes that need confirmation on a function of ours', () => {
  test('a removed environment variable is not applied without --force or a yes', async () => {
    project.write('template.yaml', template({ env: {} }));
    const { code, stderr } = await deploy();
    assert.equal(code, 1);
    assert.match(
      stderr,
      /deploying shop needs confirmation: environment variables are removed \(STAGE\)\. Nothing was changed\. Pass --force/,
    );
    assert.deepEqual((await snapshot()).env, { STAGE: 'dev' });
    const confirmed = await deploy(['--confirm'], 'y\n');
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.match(confirmed.stderr, /Apply these changes\? \[y\/N\]/);
    assert.equal((await snapshot()).env, undefined);
  });

  test('a handler change is not applied without confirmation', async () => {
    project.write('template.yaml', template({ env: {}, handler: 'app.other' }));
    const { code, stderr } = await deploy();
    assert.equal(code, 1);
    assert.match(stderr, /deploying shop needs confirmation: the handler changes\. Nothing was changed\./);
    assert.equal((await snapshot()).handler, 'app.handler');
    project.write('template.yaml', template({ env: {} }));
  });

  test('a code-only change under --confirm is asked, and a no uploads nothing', async () => {
    const before = await snapshot();
    project.write('app.js', "exports.handler = async () => 'ours, v2';\nexports.other = async () => 'other';\n");
    const { code, stderr } = await deploy(['--confirm'], 'n\n');
    assert.equal(code, 1);
    assert.match(stderr, /Upload the new code to shop\? \[y\/N\]/);
    assert.match(stderr, /Deploy of shop cancelled: the code upload was not confirmed; nothing was changed\.\n$/);
    assert.equal((await snapshot()).sha, before.sha);
    const yes = await deploy(['--confirm'], 'y\n');
    assert.equal(yes.code, 0, yes.stderr);
    assert.notEqual((await snapshot()).sha, before.sha);
  });
});

describe('code from outside the folder', () => {
  test('is never packaged without --force', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'lwb-elsewhere-'));
    try {
      writeFileSync(join(elsewhere, 'app.js'), "exports.handler = async () => 'outside';\n");
      project.write('template.yaml', template({ name: 'outsider', codeUri: elsewhere }));
      const { code, stderr } = await deploy();
      assert.equal(code, 1);
      assert.match(
        stderr,
        /ShopFunction: the code is in \S+lwb-elsewhere-\w+, outside \S+; nothing was packaged\. Pass --force to deploy it anyway/,
      );
      assert.doesNotMatch(stderr, /Packaging/);
      await assert.rejects(remote('outsider'), (error: Error) => error.name === 'ResourceNotFoundException');
    } finally {
      project.write('template.yaml', template({ env: {} }));
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('a hostile zip from Download Code', () => {
  let front: Front;
  let endpoint: string | undefined;
  let served: Buffer;
  let box: string;

  before(async () => {
    front = await startFront(moto.endpoint);
    // Lambda answers with a presigned URL; here it points at the front server, which serves the zip under test.
    front.rules.push(
      {
        match: (r) => isCall(r, 'GET', /\/functions\/shop$/),
        rewrite: (_req, upstream) => ({
          ...upstream,
          body: JSON.stringify({
            ...json(upstream.body),
            Code: { Location: `${front.url}/tasks/shop.zip?X-Amz-Signature=s` },
          }),
        }),
      },
      { match: (r) => r.url.startsWith('/tasks/shop.zip'), reply: () => s3Object(served) },
    );
    endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = front.url;
  });

  after(async () => {
    process.env.AWS_ENDPOINT_URL = endpoint;
    await front?.close();
  });

  /** A fresh folder holding the download folder `out`, so anything written beside it shows. */
  const download = async (zip: Buffer) => {
    served = zip;
    box = mkdtempSync(join(tmpdir(), 'lwb-hostile-'));
    mkdirSync(join(box, 'out'));
    return cli(['remote', 'download', 'shop', '--to', join(box, 'out')]);
  };
  const centralHeader = (zip: Buffer) => zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));

  test('an entry with .. in its path writes nothing, inside or outside', async () => {
    const zip = writeZip([
      { path: 'a.js', data: Buffer.from('fine') },
      { path: 'xx/escape.txt', data: Buffer.from('!') },
    ]);
    let at = -1;
    while ((at = zip.indexOf('xx/escape', at + 1)) >= 0) zip.write('..', at);
    const { code, stderr } = await download(zip);
    assert.equal(code, 1);
    assert.match(stderr, /The zip entry '\.\.\/escape\.txt' would be written outside \S+out; refusing to extract\./);
    assert.deepEqual(readdirSync(box).sort(), ['out']);
    assert.deepEqual(readdirSync(join(box, 'out')), []);
  });

  test('a symbolic link in the zip is refused', async () => {
    const zip = writeZip([{ path: 'link', data: Buffer.from('/etc') }]);
    zip.writeUInt16LE(0o120777, centralHeader(zip) + 40);
    const { code, stderr } = await download(zip);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /The zip entry 'link' is a symbolic link \(to '\/etc'\); links are not extracted, so nothing was written\./,
    );
    assert.deepEqual(readdirSync(join(box, 'out')), []);
  });

  test('a link already in the folder is never written through', async () => {
    const zip = writeZip([{ path: 'lib/owned.txt', data: Buffer.from('!') }]);
    served = zip;
    box = mkdtempSync(join(tmpdir(), 'lwb-hostile-'));
    mkdirSync(join(box, 'out'));
    mkdirSync(join(box, 'elsewhere'));
    symlinkSync(join(box, 'elsewhere'), join(box, 'out', 'lib'));
    const { code, stderr } = await cli(['remote', 'download', 'shop', '--to', join(box, 'out'), '--overwrite']);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /would be written through the symbolic link \S+out\/lib \(to \S+elsewhere\), outside the folder; refusing to extract\./,
    );
    assert.deepEqual(readdirSync(join(box, 'elsewhere')), []);
  });

  test("a zip whose directory declares more than Lambda's 250 MB unzipped is refused before inflating", async () => {
    const zip = writeZip([{ path: 'big.bin', data: Buffer.alloc(1024) }]);
    zip.writeUInt32LE(300 * 1024 * 1024, centralHeader(zip) + 24);
    const { code, stderr } = await download(zip);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /The zip holds 300\.0 MB once unzipped, more than the 250\.0 MB allowed; refusing to unzip it\./,
    );
    assert.equal(existsSync(join(box, 'out', 'big.bin')), false);
  });

  test('an entry that inflates past the size its directory declares is refused', async () => {
    const zip = writeZip([{ path: 'bomb.bin', data: Buffer.alloc(8 * 1024 * 1024) }]);
    zip.writeUInt32LE(100, centralHeader(zip) + 24);
    const { code, stderr } = await download(zip);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /'bomb\.bin' is damaged: it inflates to more than the 100 bytes the zip's directory declares\./,
    );
    assert.equal(existsSync(join(box, 'out', 'bomb.bin')), false);
  });
});

describe('settings an untrusted workspace brings along', () => {
  const config = (values: Record<string, InspectedSetting<unknown>>) => ({
    inspect: <T>(key: string) => values[key] as InspectedSetting<T> | undefined,
  });
  const aws = config({
    endpoint: { defaultValue: '', workspaceValue: 'https://collector.example' },
    profile: { defaultValue: '', globalValue: 'mine', workspaceFolderValue: 'prod-admin' },
  });

  test('the endpoint and profile of an untrusted workspace are ignored for the user’s own', () => {
    assert.equal(readSetting(aws, 'lambdaWorkbench.aws', 'endpoint', false), '');
    assert.equal(readSetting(aws, 'lambdaWorkbench.aws', 'profile', false), 'mine');
    assert.equal(readSetting(aws, 'lambdaWorkbench.aws', 'endpoint', true), 'https://collector.example');
    assert.equal(readSetting(aws, 'lambdaWorkbench.aws', 'profile', true), 'prod-admin');
  });

  test('interpreter paths and environment from the workspace are ignored; harmless settings are not', () => {
    const local = config({
      nodePath: { workspaceValue: './evil/node' },
      environment: { defaultValue: {}, workspaceValue: { NODE_OPTIONS: '--require ./steal.js' } },
      eventsFolder: { defaultValue: '', workspaceValue: 'events' },
    });
    assert.equal(readSetting(local, 'lambdaWorkbench', 'nodePath', false), undefined);
    assert.deepEqual(readSetting(local, 'lambdaWorkbench', 'environment', false), {});
    assert.equal(readSetting(local, 'lambdaWorkbench', 'eventsFolder', false), 'events');
  });

  test('package.json declares exactly these settings as restricted, and each is a contributed setting', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [...RESTRICTED_SETTINGS]);
    for (const name of RESTRICTED_SETTINGS) assert.ok(name in manifest.contributes.configuration.properties, name);
  });
});
