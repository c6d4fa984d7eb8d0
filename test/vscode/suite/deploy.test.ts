// Deploy and the Deployed view against moto, which the launcher starts (AWS_ENDPOINT_URL, dummy credentials, AWS_REGION).
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { DeployOutcome } from '../../../src/extension/aws/deployCommand';
import type { RemoteNode } from '../../../src/extension/aws/remoteTree';
import type { DeployArg, RemoteDeleteArg, RemoteInvokeArg } from '../../../src/extension/commandIds';
import type { CommandError } from '../../../src/extension/guard';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { lambdaApi, screenshot, waitFor } from './harness';
import { recordMessages } from './messages';

const DEPLOY = 'lambdaWorkbench.function.deploy';

suite('Deploy and the Deployed view (moto)', () => {
  let lambda: LambdaWorkbenchApi;
  let helloId: string;
  const deploy = (answers: DeployArg['answers']) =>
    vscode.commands.executeCommand<DeployOutcome | CommandError | undefined>(DEPLOY, {
      functionId: helloId,
      answers,
    } satisfies DeployArg);
  const deployed = async (answers: DeployArg['answers']): Promise<DeployOutcome> => {
    const outcome = await deploy(answers);
    assert.ok(outcome && 'result' in outcome, `the deploy returned its outcome: ${JSON.stringify(outcome)}`);
    return outcome;
  };
  const deployedNode = async (name: string) => {
    const roots = await lambda.aws.remoteTree.getChildren();
    return roots.find(
      (node): node is Extract<RemoteNode, { kind: 'function' }> =>
        node.kind === 'function' && node.functionName === name,
    );
  };

  suiteSetup(async function () {
    if (!process.env.AWS_ENDPOINT_URL) {
      // The launchers start moto and set AWS_ENDPOINT_URL; a run without it may skip, CI may not.
      if (process.env.CI === 'true') throw new Error('AWS_ENDPOINT_URL is not set: the launcher did not start moto');
      this.skip();
    }
    lambda = await lambdaApi();
    const hello = lambda.workbench.functions.functions.find(
      (f) => f.name === 'HelloFunction' && f.templatePath?.endsWith('template.yaml'),
    );
    assert.ok(hello, 'HelloFunction was discovered in examples/template.yaml');
    helloId = hello.id;
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench.aws');
    await config.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await config.update('profile', undefined, vscode.ConfigurationTarget.Global);
  });

  test('activation loads no AWS code, and the status bar names the credentials and the region', async () => {
    assert.equal(lambda.aws.isLoaded(), false, 'dist/aws.js was loaded before any AWS feature was used');
    assert.deepEqual(
      Object.keys(require.cache).filter((path) => /[\\/]dist[\\/]aws\.js$/.test(path)),
      [],
    );
    const text = await waitFor(
      'the AWS status bar item',
      () => /@/.test(lambda.aws.context.statusText()) && lambda.aws.context.statusText(),
    );
    assert.equal(text, `$(cloud) environment @ ${process.env.AWS_REGION}`);
  });

  test('deploying HelloFunction creates it, with a new execution role, and it appears in the Deployed view', async () => {
    const outcome = await deployed({ role: 'create', publish: false });
    assert.ok(outcome, 'the deploy returned its outcome (see the Lambda log for why not)');
    assert.equal(outcome.result.outcome, 'created');
    assert.equal(outcome.result.role, `arn:aws:iam::123456789012:role/HelloFunction-role`);
    assert.deepEqual([...new Set(outcome.steps.map((s) => s.id))], ['package', 'lookup', 'role', 'upload']);
    assert.equal(lambda.aws.isLoaded(), true);
    const roles = await lambda.aws.context.session().listRoles();
    assert.ok(
      roles.some((r) => r.RoleName === 'HelloFunction-role'),
      'the new role is among the IAM roles offered for the next function',
    );

    const node = await waitFor('HelloFunction in the Deployed view', () => deployedNode('HelloFunction'), 10_000, 200);
    const item = lambda.aws.remoteTree.getTreeItem(node);
    assert.match(String(item.description), /^nodejs20\.x · 256 MB · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.equal(item.contextValue, 'lambdaRemoteFunction');
    const [configuration, versions, aliases] = await lambda.aws.remoteTree.getChildren(node);
    assert.deepEqual([configuration.kind, versions.kind, aliases.kind], ['configuration', 'versions', 'aliases']);
    const rows = (await lambda.aws.remoteTree.getChildren(configuration)).map((r) =>
      r.kind === 'setting' ? `${r.label}=${r.value}` : r.kind,
    );
    assert.ok(rows.includes('Handler=index.handler'), rows.join(', '));
    assert.ok(rows.includes('Environment=STAGE'), 'variable names only');

    await vscode.commands.executeCommand('lambdaWorkbench.remote.focus');
    await lambda.aws.view.reveal(node, { expand: true, focus: true, select: true });
    assert.equal(lambda.aws.view.visible, true, 'the Deployed view shows');
    assert.deepEqual(
      lambda.aws.view.selection.map((n) => (n.kind === 'function' ? n.functionName : n.kind)),
      ['HelloFunction'],
    );
    await screenshot('deployed');
    // The UI tests that follow start from the Explorer, as the window is restored after the suite.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  test('deploying again with unchanged code skips the upload', async () => {
    const outcome = await deployed({ publish: false, applyChanges: true });
    assert.ok(outcome);
    assert.equal(outcome.result.outcome, 'unchanged');
    assert.equal(outcome.result.codeUploaded, false);
    const upload = outcome.steps.find((s) => s.id === 'upload');
    assert.equal(upload?.status, 'skipped');
    assert.match(upload?.title ?? '', /upload skipped/);
    lambda.workbench.log.show(true);
    await screenshot('deploy-unchanged-log');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  test('a configuration changed remotely is only put back once the change is confirmed', async () => {
    const client = new LambdaClient({});
    const memory = async () =>
      (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'HelloFunction' }))).MemorySize;
    try {
      await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'HelloFunction', MemorySize: 512 }));
      const messages = recordMessages();
      try {
        const declined =
          'Deploy of HelloFunction cancelled: the configuration changes were not confirmed; nothing was changed.';
        assert.deepEqual(await deploy({ publish: false, applyChanges: false }), {
          outcome: 'refused',
          code: 'cancelled',
          refusal: true,
          message: declined,
          text: declined,
          next: undefined,
          location: undefined,
          setting: undefined,
          extension: undefined,
        });
        assert.deepEqual(messages.shown, [
          { severity: 'information', text: declined, items: [], modal: false, detail: undefined },
        ]);
      } finally {
        messages.dispose();
      }
      assert.equal(await memory(), 512);
      const outcome = await deploy({ publish: false, applyChanges: true });
      assert.ok(outcome && 'result' in outcome);
      assert.equal(outcome.result.outcome, 'updated');
      assert.equal(outcome.result.codeUploaded, false);
      assert.deepEqual(
        outcome.result.changes.map((c) => c.summary),
        ['Memory (MB): 512 → 256'],
      );
      assert.equal(await memory(), 256);
    } finally {
      client.destroy();
    }
  });

  test('a function Lambda Workbench did not deploy is only replaced once the modal is answered yes', async () => {
    const client = new LambdaClient({});
    const tags = async () => (await client.send(new GetFunctionCommand({ FunctionName: 'HelloFunction' }))).Tags ?? {};
    try {
      const arn = (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'HelloFunction' })))
        .FunctionArn!;
      await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['lambda-workbench:managed'] }));
      const messages = recordMessages();
      try {
        const declined = await deploy({ publish: false, overwrite: false });
        assert.ok(
          declined && 'outcome' in declined && declined.outcome === 'refused' && declined.code === 'cancelled',
          JSON.stringify(declined),
        );
        assert.match(declined.text, /^Deploy of HelloFunction cancelled: .*HelloFunction.* Nothing was changed\.$/);
        assert.deepEqual(messages.texts('information'), [declined.text], 'the user reads the same refusal');
      } finally {
        messages.dispose();
      }
      assert.deepEqual(await tags(), {});
      const outcome = await deployed({ publish: false, overwrite: true });
      assert.ok(
        outcome.steps.some((s) => s.id === 'adopt' && s.status === 'done'),
        outcome.steps.map((s) => s.id).join(', '),
      );
      assert.equal((await tags())['lambda-workbench:managed'], 'true');
    } finally {
      client.destroy();
    }
  });

  test('publishing a version and an alias shows them under the function', async () => {
    const outcome = await deployed({ publish: true, alias: 'live' });
    assert.equal(outcome?.result.version, '1');
    const node = await deployedNode('HelloFunction');
    assert.ok(node);
    const [, versions, aliases] = await lambda.aws.remoteTree.getChildren(node);
    const versionNodes = await lambda.aws.remoteTree.getChildren(versions);
    assert.deepEqual(
      versionNodes.map((v) => (v.kind === 'version' ? v.qualifier : v.kind)),
      ['1'],
    );
    const aliasNodes = await lambda.aws.remoteTree.getChildren(aliases);
    assert.deepEqual(
      aliasNodes.map((a) =>
        a.kind === 'alias' ? `${a.qualifier} ${lambda.aws.remoteTree.getTreeItem(a).description}` : a.kind,
      ),
      ['live → 1'],
    );
  });

  test('a remote invoke returns the result the same way as a local run', async () => {
    const arg: RemoteInvokeArg = { functionName: 'HelloFunction', eventJson: '{"ping":1}', eventLabel: 'ping' };
    const result = await vscode.commands.executeCommand<InvocationResult | undefined>(
      'lambdaWorkbench.remote.invoke',
      arg,
    );
    assert.ok(result, 'the invoke returned a result');
    assert.equal(result.status, 'success');
    // moto without Docker echoes the event.
    assert.deepEqual(JSON.parse(Buffer.from(result.payload).toString('utf8')), { ping: 1 });
    assert.equal(lambda.aws.actions.lastResults.get('HelloFunction'), result);
  });

  test('tailing logs runs until stopped', async () => {
    await vscode.commands.executeCommand('lambdaWorkbench.remote.tailLogs', { functionName: 'HelloFunction' });
    assert.deepEqual(lambda.aws.tails.functions, ['HelloFunction']);
    const stopped = await vscode.commands.executeCommand<string[]>('lambdaWorkbench.remote.stopTailLogs');
    assert.deepEqual(stopped, ['HelloFunction']);
    assert.deepEqual(lambda.aws.tails.functions, []);
  });

  test('an unreachable endpoint is one clear error item in the view', async () => {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench.aws');
    await config.update('endpoint', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      const roots = await waitFor(
        'the endpoint setting to apply',
        async () => {
          const nodes = await lambda.aws.remoteTree.getChildren();
          return nodes.length === 1 && nodes[0].kind === 'message' && nodes;
        },
        20_000,
        500,
      );
      const item = lambda.aws.remoteTree.getTreeItem(roots[0]);
      assert.equal(item.contextValue, 'lambdaRemoteError');
      assert.match(String(item.label), /Cannot reach http:\/\/127\.0\.0\.1:9 \(connection refused\)/);
    } finally {
      await config.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(await waitFor('the functions to list again', () => deployedNode('HelloFunction'), 10_000, 200));
  });

  test('a profile with no credentials: the view shows its welcome with the fixes, the status bar says so, Deploy asks nothing', async () => {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench.aws');
    await config.update('profile', 'nobody', vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        'the status bar to say so',
        () => lambda.aws.context.statusText() === '$(warning) AWS: no credentials',
        20_000,
        200,
      );
      // An empty view shows the viewsWelcome (Select Profile, Set Region, Open AWS Docs) that lambdaWorkbench.aws.notSetUp enables.
      assert.deepEqual(await lambda.aws.remoteTree.getChildren(), []);
      const problem = await lambda.aws.context.setupProblem();
      assert.match(
        problem!.message,
        /^No AWS credentials were found for the profile "nobody"\. Select a profile that has them/,
      );
      const messages = recordMessages();
      try {
        const refused = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.function.deploy');
        assert.equal(refused?.code, 'aws-setup', 'Deploy stops before asking which function');
        const shown = await messages.waitFor(
          /^Cannot deploy\. No AWS credentials were found for the profile "nobody"\./,
        );
        assert.equal(shown.text, `Cannot deploy. ${problem!.message}`);
        assert.deepEqual(shown.items, ['Select Profile', 'Set Region', 'Open AWS Docs']);
        assert.equal(shown.severity, 'error');
      } finally {
        messages.dispose();
      }
    } finally {
      await config.update('profile', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the status bar to recover', () =>
      lambda.aws.context.statusText().startsWith('$(cloud) environment @'),
    );
  });

  test('Delete removes the function once confirmed', async () => {
    const arg: RemoteDeleteArg = { functionName: 'HelloFunction', confirmed: true };
    assert.equal(await vscode.commands.executeCommand<boolean>('lambdaWorkbench.remote.delete', arg), true);
    assert.equal(await deployedNode('HelloFunction'), undefined);
  });
});
