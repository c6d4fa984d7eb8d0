import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { startMoto, type Moto } from '../../support/moto';
import { createRole } from './workspace';
import { codeFolder } from '../../support/codeFolder';

let moto: Moto;
let role: string;
const project = codeFolder({
  'orders/app.ts': 'export const handler = async (event: unknown) => ({ received: event });\n',
});

function template(memory: number, withRole = true): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  OrdersFunction:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      FunctionName: orders',
    '      CodeUri: orders/',
    '      Handler: app.handler',
    '      Runtime: nodejs20.x',
    `      MemorySize: ${memory}`,
    ...(withRole ? [`      Role: ${role}`] : []),
    '',
  ].join('\n');
}

/** Runs the CLI in this process and captures what it prints. */
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

before(async () => {
  moto = await startMoto();
  role = await createRole('cli-role');
});

after(async () => {
  await moto?.stop();
  project.cleanup();
});

describe('lambda-workbench deploy', () => {
  test('creates the function, printing each step, then the ARN and version', async () => {
    project.write('template.yaml', template(256));
    const { code, stdout, stderr } = await cli(['deploy', 'OrdersFunction', '--template', 'template.yaml']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, 'Created arn:aws:lambda:us-east-1:123456789012:function:orders (version $LATEST)\n');
    assert.match(
      stderr,
      /^→ Packaging OrdersFunction: nodejs20\.x\n {2}✓ Packaged OrdersFunction: .* zipped, .*CodeSha256 \S+=\n→ Looking up orders\n/,
    );
    assert.match(stderr, /→ Creating orders/);
  });

  test('--dry-run prints the configuration diff and changes nothing', async () => {
    project.write('template.yaml', template(512));
    const { code, stdout, stderr } = await cli([
      'deploy',
      'OrdersFunction',
      '--template',
      'template.yaml',
      '--dry-run',
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /Memory \(MB\): 256 → 512/);
    assert.equal(stdout, 'Dry run: would keep the code and change Memory (MB) for orders. Nothing was changed.\n');
    assert.match((await cli(['remote', 'get', 'orders'])).stdout, /"MemorySize": 256/);
  });

  test('--confirm asks before applying changes, and a no stops the deploy', async () => {
    const { code, stderr } = await cli(['deploy', 'OrdersFunction', '--template', 'template.yaml', '--confirm'], 'n\n');
    assert.equal(code, 1);
    assert.match(stderr, /Apply these changes\? \[y\/N\]/);
    assert.match(stderr, /cancelled: the configuration changes were not confirmed; nothing was changed/);
  });

  test('applies the changes, publishes and points the alias', async () => {
    const { code, stdout, stderr } = await cli([
      'deploy',
      'OrdersFunction',
      '--template',
      'template.yaml',
      '--alias',
      'live',
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      'Updated arn:aws:lambda:us-east-1:123456789012:function:orders (version 1), alias arn:aws:lambda:us-east-1:123456789012:function:orders:live\n',
    );
    assert.match((await cli(['remote', 'get', 'orders'])).stdout, /"MemorySize": 512/);
  });

  test('a new function without a role needs --role or --yes', async () => {
    project.write('template.yaml', template(128, false).replace('FunctionName: orders', 'FunctionName: roleless'));
    const { code, stderr } = await cli(['deploy', 'OrdersFunction', '--template', 'template.yaml']);
    assert.equal(code, 1);
    assert.match(stderr, /roleless needs a role: pass --role <arn>, or --yes to create roleless-role\./);
    const created = await cli(['deploy', 'OrdersFunction', '--template', 'template.yaml', '--yes']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /Created role roleless-role/);
  });

  test('wrong arguments are usage errors', async () => {
    assert.equal((await cli(['deploy'])).code, 2);
    assert.equal((await cli(['deploy', 'OrdersFunction', '--alias', '42'])).code, 2);
    const unknown = await cli(['deploy', 'Nope', '--template', 'template.yaml']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no function 'Nope' here\. Known functions: OrdersFunction/);
  });
});

describe('lambda-workbench remote', () => {
  test('list, versions, aliases and whoami', async () => {
    const list = await cli(['remote', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^orders\s+nodejs20\.x\s+512 MB\s+\S+\nroleless\s+nodejs20\.x\s+128 MB/);
    assert.match((await cli(['remote', 'versions', 'orders'])).stdout, /^\$LATEST\t.*\n1\t/);
    assert.match((await cli(['remote', 'aliases', 'orders'])).stdout, /^live\t1\t/);
    assert.match((await cli(['remote', 'whoami'])).stdout, /^account 123456789012\n/);
  });

  test('invoke prints the response (moto echoes the event without Docker)', async () => {
    const { code, stdout } = await cli(['remote', 'invoke', 'orders', '--event', '-'], '{"id": 7}');
    assert.equal(code, 0);
    assert.equal(stdout, '{"id":7}\n');
    const bad = await cli(['remote', 'invoke', 'orders', '--event', '-'], '{"id": }');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /the event is not valid JSON/);
  });

  test('delete needs --yes', async () => {
    assert.equal((await cli(['remote', 'delete', 'roleless'])).code, 2);
    const deleted = await cli(['remote', 'delete', 'roleless', '--yes']);
    assert.equal(deleted.code, 0);
    assert.equal(deleted.stdout, 'Deleted roleless\n');
    const gone = await cli(['remote', 'get', 'roleless']);
    assert.equal(gone.code, 1);
    assert.equal(
      gone.stderr,
      'lambda-workbench remote: The function roleless does not exist in us-east-1 (lambda:GetFunctionConfiguration).\n',
    );
  });

  test('missing credentials fail with exit code 1 and the command to fix them', async () => {
    const key = process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_ACCESS_KEY_ID;
    try {
      const { code, stderr } = await cli(['remote', 'list']);
      assert.equal(code, 1);
      assert.match(stderr, /^lambda-workbench remote: No AWS credentials found\. Run `aws configure`/);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = key;
    }
  });
});
