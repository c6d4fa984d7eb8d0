import * as vscode from 'vscode';
import { Commands, type RemoteFunctionArg } from '../commandIds';
import { guarded, ensureTrusted } from '../guard';
import type { Workbench } from '../workbench';
import { AwsContext } from './awsContext';
import { Deployer } from './deployCommand';
import { isAwsLoaded } from './loadAws';
import { LogTails } from './logTail';
import { selectProfileAndRegion } from './profilePicker';
import { describeTarget } from './profiles';
import { RemoteActions } from './remoteActions';
import { RemoteTreeProvider, type RemoteNode } from './remoteTree';

/** The AWS side of the extension, as the extension's API exposes it (its tests reach the tree and commands through it). */
export interface AwsFeature {
  context: AwsContext;
  remoteTree: RemoteTreeProvider;
  view: vscode.TreeView<RemoteNode>;
  deployer: Deployer;
  actions: RemoteActions;
  tails: LogTails;
  /** Whether the AWS SDK (dist/aws.js) has been loaded: false until an AWS feature is first used. */
  isLoaded(): boolean;
}

/**
 * Deploy (command, tree action, code lens), the Deployed view with its actions, and the profile/region status bar
 * item. Registering loads nothing of the AWS SDK: that happens when the view is expanded or a command runs.
 */
export function registerAws(context: vscode.ExtensionContext, workbench: Workbench): AwsFeature {
  const log = workbench.log;
  const aws = new AwsContext(log);
  const tree = new RemoteTreeProvider(aws);
  const view = vscode.window.createTreeView('lambdaWorkbench.remote', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const deployer = new Deployer(workbench, aws, () => tree.refresh());
  const actions = new RemoteActions(workbench, aws, tree);
  const tails = new LogTails(log, aws);
  const describeView = () => void aws.target().then((target) => (view.description = describeTarget(target)));
  setImmediate(describeView);

  /**
   * A command on a deployed function: its target from the tree item, else picked; AWS failures noted for the status
   * bar. Actions that call AWS need a trusted workspace, as local runs do.
   */
  const remote = <R>(
    verb: string,
    run: (target: RemoteFunctionArg & Record<string, unknown>) => Promise<R>,
    trust = true,
  ) =>
    guarded(log, verb, async (arg?: unknown) => {
      if (trust) ensureTrusted(verb, true);
      try {
        const target = await actions.target(arg, verb);
        return target ? await run(target as RemoteFunctionArg & Record<string, unknown>) : undefined;
      } catch (error) {
        aws.noteError(error);
        throw error;
      }
    });

  context.subscriptions.push(
    aws,
    tree,
    view,
    actions,
    tails,
    aws.onDidChange(() => {
      tree.refresh();
      describeView();
    }),
    vscode.commands.registerCommand(
      Commands.deploy,
      guarded(log, 'Deploy', (arg?: unknown) => deployer.deploy(arg)),
    ),
    vscode.commands.registerCommand(
      Commands.selectAwsProfile,
      guarded(log, 'Select AWS profile', () => selectProfileAndRegion(aws)),
    ),
    vscode.commands.registerCommand(Commands.remoteRefresh, () => tree.refresh()),
    vscode.commands.registerCommand(
      Commands.remoteInvoke,
      remote('Invoke', (target) => actions.invoke(target)),
    ),
    vscode.commands.registerCommand(
      Commands.remoteTailLogs,
      remote('Tail logs', async (target) => tails.start(target.functionName)),
    ),
    vscode.commands.registerCommand(Commands.remoteStopTailLogs, (arg?: Partial<RemoteFunctionArg>) =>
      tails.stop(arg?.functionName),
    ),
    vscode.commands.registerCommand(
      Commands.remoteDownload,
      remote('Download code', (target) => actions.download(target)),
    ),
    vscode.commands.registerCommand(
      Commands.remoteCopyArn,
      remote('Copy ARN', (target) => actions.copyArn(target), false),
    ),
    vscode.commands.registerCommand(
      Commands.remoteOpenConsole,
      remote('Open in AWS console', (target) => actions.openConsole(target), false),
    ),
    vscode.commands.registerCommand(
      Commands.remoteDelete,
      remote('Delete', (target) => actions.delete(target)),
    ),
    workbench.addAction({ title: '$(cloud-upload) Deploy', command: Commands.deploy, needsTrust: true, order: 3 }),
  );
  return { context: aws, remoteTree: tree, view, deployer, actions, tails, isLoaded: isAwsLoaded };
}
