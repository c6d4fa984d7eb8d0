// The Deployed view's actions with no test of their own: Download Code (its refusal), Copy ARN and Refresh, against moto (the
// launcher starts it). Runs after the deploy suite, which ends by deleting HelloFunction: it deploys it again first.
import { DeleteFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, setup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { CommandError } from '../../../src/extension/guard';
import type { DeployOutcome } from '../../../src/extension/aws/deployCommand';
import type { DeployArg, RemoteDeleteArg, RemoteDownloadArg } from '../../../src/extension/commandIds';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import { lambdaApi } from './harness';
import { recordMessages, type MessageRecorder } from './messages';

suite('Deployed function actions (moto)', () => {
  let destination: string;
  let lambda: LambdaWorkbenchApi;
  const listed = async () =>
    (await lambda.aws.remoteTree.getChildren()).map((n) => (n.kind === 'function' ? n.functionName : n.kind));
  let messages: MessageRecorder;

  suiteSetup(async function () {
    if (!process.env.AWS_ENDPOINT_URL) {
      if (process.env.CI === 'true') throw new Error('AWS_ENDPOINT_URL is not set: the launcher did not start moto');
      this.skip();
    }
    lambda = await lambdaApi();
    const hello = lambda.workbench.functions.functions.find(
      (f) => f.name === 'HelloFunction' && f.templatePath?.endsWith('template.yaml'),
    );
    assert.ok(hello, 'HelloFunction was discovered');
    // Setup, not what is tested here: the deploy's questions are answered in its argument.
    const role = 'arn:aws:iam::123456789012:role/HelloFunction-role';
    const outcome = await vscode.commands.executeCommand<DeployOutcome | undefined>('lambdaWorkbench.function.deploy', {
      functionId: hello.id,
      answers: { role, publish: false, overwrite: true, applyChanges: true },
    } satisfies DeployArg);
    assert.ok(outcome, 'HelloFunction was deployed for these tests');
    destination = mkdtempSync(join(tmpdir(), 'lambda-workbench-download-'));
  });
  setup(() => {
    messages = recordMessages();
  });
  teardown(() => messages.dispose());
  suiteTeardown(async () => {
    if (destination) rmSync(destination, { recursive: true, force: true });
    const deployed =
      process.env.AWS_ENDPOINT_URL &&
      lambda &&
      (await lambda.aws.context.session().list()).some((f) => f.FunctionName === 'HelloFunction');
    if (deployed)
      await vscode.commands.executeCommand('lambdaWorkbench.remote.delete', {
        functionName: 'HelloFunction',
        confirmed: true,
      } satisfies RemoteDeleteArg);
  });

  test('Download Code that cannot reach the address Lambda gives for the code says which host and why, and writes nothing', async () => {
    // moto answers GetFunction with an S3 address on amazonaws.com, which nothing on this machine resolves; the
    // successful download is covered in test/integration/aws/remote.test.ts, whose front server serves the zip.
    const folder = join(destination, 'HelloFunction');
    const outcome = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.remote.download', {
      functionName: 'HelloFunction',
      destination: folder,
    } satisfies RemoteDownloadArg);
    assert.deepEqual([outcome.outcome, outcome.code], ['failed', 'aws']);
    const refused = await messages.waitFor(/^Download code failed: /);
    assert.equal(refused.severity, 'error');
    assert.match(
      refused.text,
      /^Download code failed: Could not download the code of HelloFunction from awslambda-[a-z0-9-]+-tasks\.s3\.[a-z0-9-]+\.amazonaws\.com \((ENOTFOUND|EAI_AGAIN|ECONNREFUSED)\)\.$/,
    );
    assert.equal(existsSync(folder), false, `${folder} was not created`);
  });

  test('Copy ARN puts the function ARN Lambda reports on the clipboard', async () => {
    const client = new LambdaClient({});
    try {
      const arn = (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'HelloFunction' })))
        .FunctionArn;
      assert.match(arn ?? '', /^arn:aws:lambda:[a-z0-9-]+:123456789012:function:HelloFunction$/);
      await vscode.env.clipboard.writeText('');
      assert.equal(
        await vscode.commands.executeCommand('lambdaWorkbench.remote.copyArn', { functionName: 'HelloFunction' }),
        arn,
      );
      assert.equal(await vscode.env.clipboard.readText(), arn);
    } finally {
      client.destroy();
    }
  });
  test('Refresh Deployed Functions lists again: a function deleted outside the editor leaves the view', async () => {
    assert.ok((await listed()).includes('HelloFunction'), 'HelloFunction is listed');
    const client = new LambdaClient({});
    try {
      await client.send(new DeleteFunctionCommand({ FunctionName: 'HelloFunction' }));
    } finally {
      client.destroy();
    }
    // The view lists from what it last fetched until it is refreshed.
    assert.ok((await listed()).includes('HelloFunction'), 'still listed before Refresh');
    await vscode.commands.executeCommand('lambdaWorkbench.remote.refresh');
    assert.equal(
      (await listed()).includes('HelloFunction'),
      false,
      `listed after Refresh: ${(await listed()).join(', ')}`,
    );
  });
});
