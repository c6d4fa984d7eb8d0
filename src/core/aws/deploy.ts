import type { FunctionSpec } from '../model';
import { PackageLimitError, PackagingError } from '../packaging';
import { applyDeploy, type ApplyOptions } from './applyDeploy';
import type { AwsClients } from './clients';
import { DeployCancelledError, type DeployOptions } from './deployOptions';
import { questionOf, type DeployAnswers, type DeployPlan } from './deployPlan';
import { AwsError, toAwsError } from './errors';
import { planDeploy, type PlanOptions } from './planDeploy';
import type { DeployResult } from './types';

/** Where calls go, for error messages. */
export interface DeployTarget {
  region?: string;
  profile?: string;
  endpoint?: string;
}

/** Plans a deploy (see `planDeploy`), with every failure turned into one clear error naming the call that failed. */
export function planDeployment(
  clients: AwsClients,
  fn: FunctionSpec,
  options: PlanOptions,
  target: DeployTarget = {},
): Promise<DeployPlan> {
  const functionName = options.functionName ?? fn.functionName ?? fn.name;
  return withAwsErrors(functionName, target, options.signal, (setAction) =>
    planDeploy(clients, fn, options, setAction),
  );
}

/** Applies a plan with its answers (see `applyDeploy`), with every failure turned into one clear error. */
export function applyDeployment(
  clients: AwsClients,
  plan: DeployPlan,
  answers: DeployAnswers,
  options: ApplyOptions = {},
  target: DeployTarget = {},
): Promise<DeployResult> {
  return withAwsErrors(plan.functionName, target, options.signal, (setAction) =>
    applyDeploy(clients, plan, answers, { region: target.region, ...options }, setAction),
  );
}

/**
 * Deploys one function in one call: plans it, answers the plan's questions through the callbacks of `options`
 * (a function Lambda Workbench did not deploy is replaced only with `force`), and applies it. A dry run stops after
 * the plan. The front ends plan and apply themselves, to show the plan and ask in their own way.
 */
export async function deployFunction(
  clients: AwsClients,
  fn: FunctionSpec,
  options: DeployOptions = {},
): Promise<DeployResult> {
  const target = { region: options.region, profile: options.profile, endpoint: options.endpoint };
  const plan = await planDeployment(clients, fn, options, target);
  if (options.dryRun) return dryRunResult(plan);
  const answers: DeployAnswers = { overwrite: options.force };
  if (questionOf(plan, 'changes') && plan.changes.length && options.confirmChanges)
    answers.applyChanges = await options.confirmChanges(plan.changes);
  else if (questionOf(plan, 'changes')?.required && options.force) answers.applyChanges = true;
  const role = questionOf(plan, 'role');
  if (role && options.confirmCreateRole && (await options.confirmCreateRole(role.roleName))) answers.role = 'create';
  return applyDeployment(clients, plan, answers, options, target);
}

/** What a dry run reports: the plan as a result, nothing changed. */
export function dryRunResult(plan: DeployPlan): DeployResult {
  return {
    functionName: plan.functionName,
    outcome: 'dry-run',
    codeUploaded: plan.codeChanged || plan.changes.some((c) => c.field === 'architectures'),
    codeSha256: plan.pkg.codeSha256,
    changes: plan.changes,
    functionArn: plan.remote?.FunctionArn,
    role: plan.action === 'create' ? plan.role.arn : undefined,
    configuration: plan.remote,
    warnings: [...plan.warnings],
  };
}

async function withAwsErrors<T>(
  functionName: string,
  target: DeployTarget,
  signal: AbortSignal | undefined,
  run: (setAction: (action: string, resource?: string) => void) => Promise<T>,
): Promise<T> {
  let action = 'package';
  let resource = functionName;
  try {
    return await run((a, r = functionName) => {
      action = a;
      resource = r;
    });
  } catch (error) {
    if (
      error instanceof PackagingError ||
      error instanceof PackageLimitError ||
      error instanceof DeployCancelledError ||
      error instanceof AwsError
    )
      throw error;
    if (signal?.aborted && (error as { name?: string }).name === 'AbortError') {
      throw new DeployCancelledError(`Deploy of ${functionName} cancelled before the upload; nothing was uploaded.`);
    }
    throw toAwsError(error, { action, resource, ...target });
  }
}
