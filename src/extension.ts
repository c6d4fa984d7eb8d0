import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { registerAws, type AwsFeature } from './extension/aws/registerAws';
import { registerHandlerCodeLenses } from './extension/codeLens/handlerCodeLensProvider';
import { registerCreateTemplate } from './extension/createTemplate';
import { registerDebug } from './extension/debug/registerDebug';
import { registerEventCommands } from './extension/events/eventCommands';
import type { EventTestsView } from './extension/events/testingView';
import { registerLocalEventSources } from './extension/local/registerLocalEventSources';
import { registerRunCommands, type FunctionRunner } from './extension/run/runCommands';
import type { FunctionTreeProvider } from './extension/tree/functionTreeProvider';
import { registerFunctionTree } from './extension/tree/registerFunctionTree';
import { Workbench } from './extension/workbench';

/** What the extension gives other extensions and its own tests. */
export interface LambdaWorkbenchApi {
  /** Milliseconds spent in activate(). */
  activationMs: number;
  workbench: Workbench;
  runner: FunctionRunner;
  tree: FunctionTreeProvider;
  /** Deploy, the Deployed view and the AWS profile; the AWS SDK loads on first use. */
  aws: AwsFeature;
  /** The Testing view of saved events with expected results. */
  eventTests: EventTestsView;
}

/** Wiring only: each feature registers itself; nothing is discovered or started before activate() returns. */
export function activate(context: vscode.ExtensionContext): LambdaWorkbenchApi {
  const started = performance.now();
  const workbench = new Workbench(context);
  context.subscriptions.push(workbench);
  const tree = registerFunctionTree(context, workbench);
  registerHandlerCodeLenses(context, workbench);
  const runner = registerRunCommands(context, workbench);
  const eventTests = registerEventCommands(context, workbench, () => tree.refresh());
  registerCreateTemplate(context, workbench);
  const aws = registerAws(context, workbench);
  registerLocalEventSources(context, workbench, runner, () => tree.refresh());
  registerDebug(context, workbench, runner);
  const activationMs = performance.now() - started;
  // Discovery runs after activation, so the editor never waits for it.
  setImmediate(() => {
    workbench.log.info(`Lambda Workbench activated in ${activationMs.toFixed(1)} ms`);
    void workbench.functions.start();
  });
  return { activationMs, workbench, runner, tree, aws, eventTests };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
