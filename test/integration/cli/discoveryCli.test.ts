/** The CLI a user reaches for: list, generate-event, --help, parameter overrides, stages, profiles, exact bytes. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { distPath } from '../../../src/core/assets';
import { startMoto, type Moto } from '../../support/moto';

const CLI = distPath('cli.js');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The environment of a run: PATH and HOME of a fresh folder only, so no AWS setup of this machine leaks in. */
function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, ...extra };
}

function cli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr });
    });
  });
}

const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Parameters:',
  '  Stage: { Type: String, Default: dev }',
  '  Size: { Type: Number, Default: 128 }',
  'Resources:',
  '  Orders:',
  '    Type: AWS::DynamoDB::Table',
  '    Properties:',
  "      TableName: !Sub 'orders-${Stage}'",
  '  EchoFunction:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: echo/',
  '      Handler: index.handler',
  '      Runtime: nodejs20.x',
  '      Environment:',
  '        Variables:',
  '          STAGE: !Ref Stage',
  '          TABLE: !Ref Orders',
  '          TABLE_ARN: !GetAtt Orders.Arn',
  "          WHERE: !Sub '${AWS::Region}/${AWS::AccountId}/${AWS::Partition}/${AWS::StackName}'",
  '      Events:',
  '        Get:',
  '          Type: HttpApi',
  '          Properties: { Path: /echo, Method: get }',
  '  BytesFunction:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: py/',
  '      Handler: app.handler',
  '      Runtime: python3.12',
].join('\n');

const ECHO = [
  "const keys = ['STAGE', 'TABLE', 'TABLE_ARN', 'WHERE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_DYNAMODB'];",
  '',
  'exports.handler = async () => Object.fromEntries(keys.map((k) => [k, process.env[k]]));',
].join('\n');

const SERVERLESS = [
  'service: shop',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  '  environment:',
  '    STAGE: ${sls:stage}',
  '    OPT_REGION: ${opt:region, self:provider.region, "us-east-1"}',
  '    FROM_ENV: ${env:SHOP_MODE, "quiet"}',
  '    FROM_FILE: ${file(./config.${sls:stage}.yml):db.name}',
  '    SECRET: ${ssm:/shop/secret}',
  'functions:',
  '  report:',
  '    handler: handler.report',
].join('\n');

let root: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'lwb-cli-discovery-'));
  const files: Record<string, string> = {
    'app/template.yaml': TEMPLATE,
    'app/echo/index.js': ECHO,
    'app/py/app.py':
      'def handler(event, context):\n    print("partial line", end="")\n    return b"\\xff\\x00\\xfe raw"\n',
    'sls/serverless.yml': SERVERLESS,
    'sls/handler.js':
      "const keys = ['STAGE', 'OPT_REGION', 'FROM_ENV', 'FROM_FILE', 'SECRET'];\nexports.report = async () => Object.fromEntries(keys.map((k) => [k, process.env[k]]));\n",
    'sls/config.dev.yml': 'db: { name: shop-dev-db }\n',
    'sls/config.prod.yml': 'db: { name: shop-prod-db }\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('lambda-workbench list', () => {
  test('a table of function, runtime, handler file:line and events; --json for scripts', async () => {
    const env = cleanEnv(root);
    const run = await cli(['list'], { cwd: root, env });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.toString().trimEnd().split('\n');
    assert.match(lines[0], /^FUNCTION\s+RUNTIME\s+HANDLER\s+EVENTS$/);
    assert.ok(
      lines.some((l) => /^EchoFunction\s+nodejs20\.x\s+app\/echo\/index\.js:3\s+Get \(HttpApi\)$/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^BytesFunction\s+python3\.12\s+app\/py\/app\.py:1\s+-$/.test(l)),
      lines.join('\n'),
    );
    const json = await cli(['list', '--json'], { cwd: root, env });
    const listed = JSON.parse(json.stdout.toString());
    assert.deepEqual(
      listed.find((f: { name: string }) => f.name === 'EchoFunction'),
      {
        name: 'EchoFunction',
        source: 'sam',
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        handlerFile: 'app/echo/index.js',
        handlerLine: 3,
        template: 'app/template.yaml',
        events: [{ name: 'Get', type: 'HttpApi' }],
      },
    );
    assert.equal(listed.find((f: { name: string }) => f.name === 'report')?.functionName, 'shop-dev-report');
  });

  test('a Serverless variable that cannot be resolved is a warning on stderr, every time', async () => {
    const run = await cli(['list', '--template', 'sls/serverless.yml'], { cwd: root, env: cleanEnv(root) });
    assert.equal(run.code, 0);
    assert.match(
      run.stderr,
      /serverless\.yml:10:5: warning: provider: environment variable SECRET can't be resolved locally \(\$\{ssm:\/shop\/secret\} needs a value known only at deploy time\)/,
    );
  });
});

describe('lambda-workbench generate-event', () => {
  test("lists services, then a service's events, then prints one, under SAM's names", async () => {
    const env = cleanEnv(root);
    const services = await cli(['generate-event'], { cwd: root, env });
    assert.equal(services.code, 0);
    assert.match(services.stdout.toString(), /^s3\s+put, delete$/m);
    assert.match(services.stdout.toString(), /^apigateway\s+aws-proxy, http-api-proxy$/m);
    const events = await cli(['generate-event', 'sqs'], { cwd: root, env });
    assert.equal(events.stdout.toString(), 'receive-message  SQS message\n');
    const put = await cli(['generate-event', 's3', 'put'], { cwd: root, env });
    assert.equal(put.code, 0);
    assert.equal(JSON.parse(put.stdout.toString()).Records[0].eventName, 'ObjectCreated:Put');
    const proxy = await cli(['generate-event', 'apigateway', 'http-api-proxy'], { cwd: root, env });
    assert.equal(JSON.parse(proxy.stdout.toString()).version, '2.0');
    const wrong = await cli(['generate-event', 's3', 'copy'], { cwd: root, env });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /no event 'copy' for s3; its events: put, delete/);
  });
});

describe('every command', () => {
  test("--help and -h print the command's usage and exit 0", async () => {
    const env = cleanEnv(root);
    for (const name of ['list', 'invoke', 'serve', 'start-api', 'schedule', 'generate-event', 'deploy', 'remote']) {
      for (const flag of ['--help', '-h']) {
        const run = await cli([name, flag], { cwd: root, env });
        assert.equal(run.code, 0, `${name} ${flag}: ${run.stderr}`);
        assert.match(run.stdout.toString(), new RegExp(`^Usage: lambda-workbench ${name}`), `${name} ${flag}`);
        assert.match(run.stdout.toString(), /--profile <name>/, `${name} takes --profile`);
        assert.match(run.stdout.toString(), /--region <name>/, `${name} takes --region`);
      }
    }
  });

  test('a wrong command line exits 2 with a clear message and the usage', async () => {
    const env = cleanEnv(root);
    const cases: Array<[string[], RegExp]> = [
      [['list', '--json=yes'], /lambda-workbench list: --json takes no value/],
      [['invoke', 'EchoFunction', '--event'], /lambda-workbench invoke: --event needs a value/],
      [['serve', '--port'], /lambda-workbench serve: --port needs a value/],
      [
        ['list', '--parameter-overrides', 'not an override'],
        /--parameter-overrides: cannot read parameter override 'not': expected Key=Value/,
      ],
      [['schedule', '--nope'], /lambda-workbench schedule: unknown option --nope/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args, { cwd: root, env });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.match(run.stderr, new RegExp(`Usage: lambda-workbench ${args[0]}`));
    }
  });
});

describe('lambda-workbench invoke', () => {
  test("Parameters take their Defaults, and --parameter-overrides in either of SAM's forms; AWS_ENDPOINT_URL_<SERVICE> passes", async () => {
    const env = cleanEnv(root);
    const plain = await cli(['invoke', 'EchoFunction'], { cwd: join(root, 'app'), env });
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual(JSON.parse(plain.stdout.toString()), {
      STAGE: 'dev',
      TABLE: 'orders-dev',
      TABLE_ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders-dev',
      WHERE: 'us-east-1/123456789012/aws/local',
      AWS_REGION: 'us-east-1',
    });
    assert.match(plain.stderr, /info: AWS::AccountId is the placeholder 123456789012 here/);
    for (const overrides of ['Stage=prod Size=256', 'ParameterKey=Stage,ParameterValue=prod']) {
      const endpoint = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' };
      const run = await cli(
        ['invoke', 'EchoFunction', '--parameter-overrides', overrides, '--region', 'eu-central-1'],
        { cwd: join(root, 'app'), env: { ...env, ...endpoint } },
      );
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout.toString());
      assert.equal(out.STAGE, 'prod');
      assert.equal(out.TABLE, 'orders-prod');
      assert.equal(out.WHERE, 'eu-central-1/123456789012/aws/local');
      assert.equal(out.AWS_REGION, 'eu-central-1');
      assert.equal(out.AWS_ENDPOINT_URL_DYNAMODB, 'http://127.0.0.1:8000', 'per-service endpoints reach the function');
    }
  });

  test('--stage, --region and the environment reach serverless.yml variables', async () => {
    const run = await cli(['invoke', 'report', '--stage', 'prod', '--region', 'eu-west-1'], {
      cwd: join(root, 'sls'),
      env: cleanEnv(root, { SHOP_MODE: 'loud' }),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.toString()), {
      STAGE: 'prod',
      OPT_REGION: 'eu-west-1',
      FROM_ENV: 'loud',
      FROM_FILE: 'shop-prod-db',
      SECRET: '',
    });
    assert.match(run.stderr, /warning: provider: environment variable SECRET can't be resolved locally/);
    const dev = await cli(['invoke', 'report'], { cwd: join(root, 'sls'), env: cleanEnv(root) });
    assert.deepEqual(JSON.parse(dev.stdout.toString()), {
      STAGE: 'dev',
      OPT_REGION: 'us-east-1',
      FROM_ENV: 'quiet',
      FROM_FILE: 'shop-dev-db',
      SECRET: '',
    });
  });

  test('a Python handler returning bytes: the bytes exactly; a print without newline logged before END', async () => {
    const run = await cli(['invoke', 'BytesFunction'], { cwd: join(root, 'app'), env: cleanEnv(root) });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout, Buffer.from([0xff, 0x00, 0xfe, ...Buffer.from(' raw')]));
    const partial = run.stderr.indexOf('partial line\n');
    assert.ok(partial >= 0, run.stderr);
    assert.ok(partial < run.stderr.indexOf('END RequestId'), run.stderr);
  });
});

describe('--profile', () => {
  let moto: Moto;
  let home: string;
  before(async () => {
    moto = await startMoto({ setEnv: false });
    home = mkdtempSync(join(tmpdir(), 'lwb-cli-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile dev]\nregion = eu-west-3\n');
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[dev]\naws_access_key_id = AKIADEVPROFILE0000001\naws_secret_access_key = dev-secret\n',
    );
  });
  after(async () => {
    await moto.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test("the function gets the profile's credentials, region and account, as the SDK resolves them", async () => {
    const env = cleanEnv(home, { AWS_ENDPOINT_URL: moto.endpoint, AWS_EC2_METADATA_DISABLED: 'true' });
    const run = await cli(['invoke', 'EchoFunction', '--profile', 'dev'], { cwd: join(root, 'app'), env });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout.toString());
    assert.equal(out.AWS_REGION, 'eu-west-3');
    assert.equal(out.AWS_ACCESS_KEY_ID, 'AKIADEVPROFILE0000001');
    assert.match(out.WHERE, /^eu-west-3\/\d{12}\/aws\/local$/);
    assert.doesNotMatch(run.stderr, /placeholder/, 'the account came from STS');
    const missing = await cli(['invoke', 'EchoFunction', '--profile', 'nosuch'], { cwd: join(root, 'app'), env });
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(
      missing.stderr,
      /^note: no AWS credentials for profile nosuch \(.+\); AWS::AccountId stays the placeholder 123456789012$/m,
    );
  });
});
