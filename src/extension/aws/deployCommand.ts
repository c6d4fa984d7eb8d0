import * as vscode from 'vscode';
import type { AwsSession, DeployOptions, DeployResult, Step } from '../../core/aws';
import type { FunctionSpec } from '../../core/model';
import { Commands, functionIdOf, type DeployArg } from '../commandIds';
import { pickFunctionId, requireTrust } from '../guard';
import type { Workbench } from '../workbench';
import type { AwsContext } from './awsContext';
import { chooseRole, choosePublish, confirmChanges, confirmCreateRole } from './deployPrompts';
import { awsErrorKind, isCancellation } from './remoteFormat';

/** What the deploy command returns (to scripts and tests): the core's result and every step it reported. */
export interface DeployOutcome {
  result: DeployResult;
  steps: Step[];
}

/**
 * Deploys a workspace function with a cancellable progress notification showing each step: asks for the role of a
 * new function, shows the configuration changes in a modal before anything is uploaded, and never overwrites a
 * function changed remotely meanwhile (its RevisionId is checked). Results and steps go to the Lambda log.
 */
export class Deployer {
  constructor(
    private readonly workbench: Workbench,
    private readonly aws: AwsContext,
    private readonly onDeployed: () => void,
  ) {}

  async deploy(arg?: unknown): Promise<DeployOutcome | undefined> {
    if (!(await requireTrust('Deploy'))) return undefined;
    const id = functionIdOf(arg) ?? (await pickFunctionId(this.workbench.functions.functions, 'Deploy which function?'));
    if (!id) return undefined;
    const fn = this.workbench.requireFunction(id);
    const answers = (arg as Partial<DeployArg>).answers ?? {};
    const functionName = fn.functionName ?? fn.name;
    const publishing = await choosePublish(functionName, answers);
    if (!publishing) return undefined;
    const session = this.aws.session();
    const log = this.workbench.log;
    const target = await this.aws.target();
    log.info(`Deploy ${fn.name} as ${functionName} to ${target.profile} @ ${(await session.region()) ?? 'no region'}`);
    const steps: Step[] = [];
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Deploying ${functionName}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          let uploading = false;
          token.onCancellationRequested(() => {
            if (uploading) log.warn(`Deploy of ${functionName}: the upload has started and cannot be interrupted half way; it will finish.`);
            else controller.abort();
          });
          const options = await this.prepare(fn, functionName, session, answers);
          if (!options) return undefined;
          return session.deploy(options.fn, {
            ...options.deploy,
            functionName,
            publish: publishing.publish,
            alias: publishing.alias,
            signal: controller.signal,
            confirmChanges: (changes) => confirmChanges(functionName, changes, answers),
            onStep: (step) => {
              steps.push(step);
              if (step.id === 'upload' && step.status === 'running') uploading = true;
              progress.report({ message: `${step.title}${uploading ? ' (can no longer be cancelled)' : ''}` });
              log.info(`[deploy ${functionName}] ${step.title}${step.detail ? `: ${step.detail}` : ''}`);
            },
          });
        },
      );
      if (!result) return undefined;
      this.aws.noteSuccess();
      this.report(result);
      this.onDeployed();
      return { result, steps };
    } catch (error) {
      return this.fail(functionName, error);
    }
  }

  /** For a function that does not exist yet: its role. For one that does: the revision the upload must replace. */
  private async prepare(fn: FunctionSpec, functionName: string, session: AwsSession, answers: NonNullable<DeployArg['answers']>): Promise<{ fn: FunctionSpec; deploy: Partial<DeployOptions> } | undefined> {
    let existing;
    try {
      existing = await session.getConfiguration(functionName);
    } catch (error) {
      if (awsErrorKind(error) !== 'not-found') throw error;
    }
    if (existing) return { fn, deploy: { expectedRevisionId: existing.RevisionId } };
    const role = await chooseRole(fn, functionName, session, answers);
    if (!role) return undefined;
    if ('role' in role) return { fn, deploy: { role: role.role } };
    // The template's Role would win over creating one, so the spec handed over has none.
    return { fn: { ...fn, role: undefined }, deploy: { confirmCreateRole: (name) => confirmCreateRole(name, answers) } };
  }

  private report(result: DeployResult): void {
    const log = this.workbench.log;
    for (const warning of result.warnings) log.warn(`[deploy ${result.functionName}] ${warning}`);
    const what = { created: 'Created', updated: 'Updated', unchanged: 'Nothing to change in', 'dry-run': 'Checked' }[result.outcome];
    const code = result.outcome === 'created' ? '' : result.codeUploaded ? ' (code uploaded)' : ' (code unchanged, upload skipped)';
    const version = result.version && result.version !== '$LATEST' ? `, version ${result.version}` : '';
    const alias = result.aliasArn ? `, alias ${result.aliasArn}` : '';
    const message = `${what} ${result.functionName}${code}${version}${alias}`;
    log.info(`${message}: ${result.functionArn ?? ''}`);
    void vscode.window.showInformationMessage(message);
  }

  private fail(functionName: string, error: unknown): undefined {
    const log = this.workbench.log;
    const message = error instanceof Error ? error.message : String(error);
    if (isCancellation(error)) {
      log.info(message);
      void vscode.window.showInformationMessage(message);
      return undefined;
    }
    this.aws.noteError(error);
    log.error(`Deploy of ${functionName} failed: ${message}`);
    if (awsErrorKind(error) === 'precondition') {
      const refresh = 'Refresh Deployed';
      void vscode.window.showErrorMessage(message, refresh).then((answer) => answer === refresh && vscode.commands.executeCommand(Commands.remoteRefresh));
    } else {
      void vscode.window.showErrorMessage(`Deploy of ${functionName} failed: ${message}`);
    }
    return undefined;
  }
}
