import * as vscode from 'vscode';
import type { AwsSession, DeployPlan, DeployPlanAnswers, DeployResult, Step } from '../../core/aws';
import { isWorkbenchError, WorkbenchError } from '../../core/errors';
import type { FunctionSpec } from '../../core/model';
import { codeOutsideWorkspace } from '../../core/packaging/codeLocation';
import type { DeployAnswers, DeployArg } from '../commandIds';
import { commandTarget } from '../commandTarget';
import type { Workbench } from '../workbench';
import type { AwsContext } from './awsContext';
import {
  chooseRole,
  choosePublish,
  confirmChanges,
  confirmCreateRole,
  confirmOutsideWorkspace,
  confirmOverwrite,
} from './deployPrompts';

/** What the deploy command returns (to scripts and tests): the core's result and every step it reported. */
export interface DeployOutcome {
  result: DeployResult;
  steps: Step[];
}

/**
 * Deploys a workspace function with a cancellable progress notification showing each step. The core's plan comes
 * first (one lookup); this renders its questions — the role of a new function, a modal before replacing a function
 * Lambda Workbench did not deploy, a modal listing the configuration changes — and applies it with the answers.
 * Results and steps go to the Lambda log.
 */
export class Deployer {
  constructor(
    private readonly workbench: Workbench,
    private readonly aws: AwsContext,
    private readonly onDeployed: () => void,
  ) {}

  async deploy(arg?: unknown): Promise<DeployOutcome | undefined> {
    const chosen = await commandTarget(this.workbench, arg, {
      action: 'Deploy',
      pickTitle: 'Deploy which function?',
      event: 'none',
      // Credentials and a region are checked before any question, so nobody answers prompts for a deploy that cannot start.
      before: async () => {
        const problem = await this.aws.setupProblem();
        if (problem) throw new WorkbenchError('aws-setup', `Cannot deploy. ${problem.message}`);
      },
    });
    if (!chosen) return undefined;
    const fn = chosen.fn;
    const answers = (arg as Partial<DeployArg> | undefined)?.answers ?? {};
    const functionName = fn.functionName ?? fn.name;
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const outside = codeOutsideWorkspace(fn, folders);
    if (outside && !(await confirmOutsideWorkspace(fn.name, outside, answers))) return undefined;
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
          const cancellation = token.onCancellationRequested(() => {
            if (uploading)
              log.warn(
                `Deploy of ${functionName}: the upload has started and cannot be interrupted half way; it will finish.`,
              );
            else controller.abort();
          });
          const onStep = (step: Step) => {
            steps.push(step);
            if (step.id === 'upload' && step.status === 'running') uploading = true;
            progress.report({ message: `${step.title}${uploading ? ' (can no longer be cancelled)' : ''}` });
            log.info(`[deploy ${functionName}] ${step.title}${step.detail ? `: ${step.detail}` : ''}`);
          };
          try {
            // The runtime's cache: deploy zips the very build Run and Debug started from.
            const packaging = { cacheDir: this.workbench.runtime().cacheDir };
            const plan = await session.planDeploy(fn, {
              functionName,
              workspaceFolders: folders,
              allowCodeOutsideWorkspace: !!outside,
              signal: controller.signal,
              onStep,
              packaging,
            });
            const planAnswers = await this.answer(plan, fn, session, answers);
            if (!planAnswers) return undefined;
            return await session.applyDeploy(plan, planAnswers, {
              publish: publishing.publish,
              alias: publishing.alias,
              signal: controller.signal,
              onStep,
            });
          } finally {
            cancellation.dispose();
          }
        },
      );
      if (!result) return undefined;
      this.aws.noteSuccess();
      this.report(result);
      this.onDeployed();
      return { result, steps };
    } catch (error) {
      // Shown by the command's guard; a cancellation (nothing was changed) says nothing about the account.
      if (!isWorkbenchError(error, 'cancelled')) this.aws.noteError(error);
      throw error;
    }
  }

  /**
   * The answers to the plan's questions: from the command's argument when given, else asked. A declined modal is a
   * `false` answer, which the core turns into a cancellation that changed nothing; a dismissed role pick stops here.
   */
  private async answer(
    plan: DeployPlan,
    fn: FunctionSpec,
    session: AwsSession,
    given: DeployAnswers,
  ): Promise<DeployPlanAnswers | undefined> {
    const answers: DeployPlanAnswers = {};
    if (plan.action === 'create') {
      const role = await chooseRole(fn, plan.functionName, session, given);
      if (!role) return undefined;
      if ('role' in role) answers.role = role.role;
      else if (await confirmCreateRole(plan.role.createName, given)) answers.role = 'create';
    }
    for (const question of plan.questions) {
      if (question.kind === 'overwrite') answers.overwrite = await confirmOverwrite(plan, question.message, given);
      // Configuration changes are always shown; a code-only upload is not asked in the editor, as with --confirm unset.
      if (question.kind === 'changes' && (question.required || plan.changes.length))
        answers.applyChanges = await confirmChanges(plan, question.reasons, given);
    }
    return answers;
  }

  private report(result: DeployResult): void {
    const log = this.workbench.log;
    for (const warning of result.warnings) log.warn(`[deploy ${result.functionName}] ${warning}`);
    const what = { created: 'Created', updated: 'Updated', unchanged: 'Nothing to change in', 'dry-run': 'Checked' }[
      result.outcome
    ];
    const code =
      result.outcome === 'created'
        ? ''
        : result.codeUploaded
          ? ' (code uploaded)'
          : ' (code unchanged, upload skipped)';
    const version = result.version && result.version !== '$LATEST' ? `, version ${result.version}` : '';
    const alias = result.aliasArn ? `, alias ${result.aliasArn}` : '';
    const message = `${what} ${result.functionName}${code}${version}${alias}`;
    log.info(`${message}: ${result.functionArn ?? ''}`);
    void vscode.window.showInformationMessage(message);
  }
}
