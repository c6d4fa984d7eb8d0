import * as vscode from 'vscode';
import type { AwsSession, DeployPlan } from '../../core/aws';
import type { FunctionSpec } from '../../core/model';
import type { DeployAnswers } from '../commandIds';
import { describeChanges } from './remoteFormat';

/** How a new function gets its role: an ARN, or a new execution role created once confirmed. */
export type RoleChoice = { role: string } | { create: true };

/**
 * Asks which role a function that does not exist yet is created with: the template's, one of the account's IAM
 * roles (those Lambda may assume first), or a new role with AWSLambdaBasicExecutionRole. Undefined when dismissed.
 */
export async function chooseRole(
  fn: FunctionSpec,
  functionName: string,
  session: AwsSession,
  answers: DeployAnswers,
): Promise<RoleChoice | undefined> {
  if (answers.role === 'create') return { create: true };
  if (answers.role === 'template') {
    if (!fn.role) throw new Error(`${fn.name} has no Role in its template; choose an IAM role or create one.`);
    return { role: fn.role };
  }
  if (answers.role) return { role: answers.role };

  type Item = vscode.QuickPickItem & { choose: () => Promise<RoleChoice | undefined> };
  const items: Item[] = [];
  if (fn.role)
    items.push({
      label: '$(file-code) The template’s role',
      description: fn.role,
      choose: async () => ({ role: fn.role! }),
    });
  items.push({
    label: '$(list-selection) Pick an IAM role…',
    description: 'from the account',
    choose: () => pickIamRole(session),
  });
  items.push({
    label: '$(add) Create a new role',
    description: 'trusts Lambda, with AWSLambdaBasicExecutionRole (CloudWatch Logs only)',
    choose: async () => ({ create: true }),
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `${functionName} does not exist yet: create it with which execution role?`,
    placeHolder: 'Execution role',
  });
  return picked?.choose();
}

async function pickIamRole(session: AwsSession): Promise<RoleChoice | undefined> {
  const roles = await session.listRoles();
  const trustsLambda = (document: string | undefined) =>
    decodeURIComponent(document ?? '').includes('lambda.amazonaws.com');
  const items = roles
    .map((role) => ({
      label: role.RoleName ?? '',
      description: trustsLambda(role.AssumeRolePolicyDocument) ? 'Lambda may assume it' : undefined,
      detail: role.Arn,
      arn: role.Arn ?? '',
    }))
    .sort((a, b) => Number(!!b.description) - Number(!!a.description) || a.label.localeCompare(b.label));
  if (!items.length) throw new Error('The account has no IAM roles; create a new role instead.');
  const picked = await vscode.window.showQuickPick(items, {
    title: 'IAM role for the new function',
    placeHolder: 'Role',
    matchOnDetail: true,
  });
  return picked ? { role: picked.arn } : undefined;
}

/** The modal confirmation before creating an execution role. */
export async function confirmCreateRole(roleName: string, answers: DeployAnswers): Promise<boolean> {
  if (answers.role === 'create') return true;
  const create = 'Create Role';
  const answer = await vscode.window.showWarningMessage(
    `Create the IAM role ${roleName}?`,
    {
      modal: true,
      detail:
        'It trusts lambda.amazonaws.com and has AWSLambdaBasicExecutionRole attached (write to CloudWatch Logs only).',
    },
    create,
  );
  return answer === create;
}

/**
 * The modal confirmation of the configuration changes, shown before anything is uploaded; says first why it cannot
 * be skipped (a runtime or handler change, removed variables).
 */
export async function confirmChanges(
  plan: DeployPlan,
  reasons: readonly string[],
  answers: DeployAnswers,
): Promise<boolean> {
  if (answers.applyChanges !== undefined) return answers.applyChanges;
  const apply = 'Apply and Deploy';
  const { message, detail } = describeChanges(plan.functionName, plan.changes);
  const why = reasons.length ? `Check before deploying: ${reasons.join(' and ')}.\n\n` : '';
  return (await vscode.window.showWarningMessage(message, { modal: true, detail: `${why}${detail}` }, apply)) === apply;
}

/** The modal confirmation before replacing a function Lambda Workbench did not deploy. */
export async function confirmOverwrite(plan: DeployPlan, message: string, answers: DeployAnswers): Promise<boolean> {
  if (answers.overwrite !== undefined) return answers.overwrite;
  const replace = 'Replace It';
  const detail = `${message}\n\nOnce replaced, it is marked as deployed by Lambda Workbench (tag lambda-workbench:managed).`;
  return (
    (await vscode.window.showWarningMessage(
      `Replace ${plan.functionName}, which Lambda Workbench did not deploy?`,
      { modal: true, detail },
      replace,
    )) === replace
  );
}

/** The modal confirmation before packaging code from outside the workspace folders. */
export async function confirmOutsideWorkspace(name: string, codeDir: string, answers: DeployAnswers): Promise<boolean> {
  if (answers.packageOutside !== undefined) return answers.packageOutside;
  const deploy = 'Package and Deploy';
  const detail = `Its CodeUri points to ${codeDir}, outside the workspace folders. Deploying uploads what that folder holds.`;
  return (
    (await vscode.window.showWarningMessage(
      `The code of ${name} is outside the workspace.`,
      { modal: true, detail },
      deploy,
    )) === deploy
  );
}

/** Whether to publish a version and point an alias at it: from the answers, else the settings, else asked. */
export async function choosePublish(
  functionName: string,
  answers: DeployAnswers,
): Promise<{ publish: boolean; alias?: string } | undefined> {
  if (answers.publish !== undefined || answers.alias !== undefined)
    return { publish: !!answers.publish || !!answers.alias, alias: answers.alias || undefined };
  const config = vscode.workspace.getConfiguration('lambdaWorkbench.deploy');
  const mode = config.get<'never' | 'ask' | 'always'>('publish', 'never');
  const alias = config.get<string>('alias', '').trim() || undefined;
  if (mode === 'never') return { publish: false };
  if (mode === 'always') return { publish: true, alias };
  const items = [
    { label: '$(cloud-upload) Update $LATEST only', value: 'latest' },
    { label: '$(versions) Publish a version', value: 'publish' },
    { label: '$(tag) Publish a version and point an alias at it…', description: alias, value: 'alias' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Deploy ${functionName}`,
    placeHolder: 'Publish a version?',
  });
  if (!picked) return undefined;
  if (picked.value !== 'alias') return { publish: picked.value === 'publish' };
  const name = await vscode.window.showInputBox({
    title: `Alias of ${functionName}`,
    value: alias,
    validateInput: (v) =>
      /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/.test(v.trim())
        ? undefined
        : 'Letters, digits, - and _ (not only digits), at most 128',
  });
  return name ? { publish: true, alias: name.trim() } : undefined;
}
