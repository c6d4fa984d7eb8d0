import { GetFunctionCommand, type GetFunctionResponse } from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../model';
import { hasLocalLayers, plannedLayers } from './layerPublish';
import { packageFunction, type FunctionPackage, type PackageOptions } from '../build';
import { codeOutsideWorkspace, formatBytes, PackagingError } from '../packaging';
import type { AwsClients } from './clients';
import { diffConfiguration, environmentChange } from './configDiff';
import { DeployCancelledError } from './deployOptions';
import { MANAGED_TAG, type DeployPlan, type DeployQuestion, type LayerChange } from './deployPlan';
import { executionRoleName } from './role';
import type { Step } from './types';

/** What planning a deploy needs besides the function. */
export interface PlanOptions {
  /** The deployed name; `fn.functionName ?? fn.name` otherwise. */
  functionName?: string;
  /** Role ARN for a new function, over the template's. */
  role?: string;
  packaging?: PackageOptions;
  prebuilt?: FunctionPackage;
  /**
   * The folders code may be packaged from without asking (the workspace). Code elsewhere is packaged only with
   * `allowCodeOutsideWorkspace`; without the list nothing is checked.
   */
  workspaceFolders?: readonly string[];
  allowCodeOutsideWorkspace?: boolean;
  onStep?: (step: Step) => void;
  signal?: AbortSignal;
}

/**
 * Packages the function and looks it up once (GetFunction: its configuration and tags), then says what a deploy
 * would do and what must be asked first. Changes nothing in AWS. Throws DeployCancelledError when the code lies
 * outside the workspace and that was not allowed, before anything is packaged.
 */
export async function planDeploy(
  clients: AwsClients,
  fn: FunctionSpec,
  options: PlanOptions,
  onAction: (action: string) => void,
): Promise<DeployPlan> {
  const functionName = options.functionName ?? fn.functionName ?? fn.name;
  const step = (s: Step) => options.onStep?.({ status: 'running', ...s });
  const outside = options.workspaceFolders && codeOutsideWorkspace(fn, options.workspaceFolders);
  if (outside && !options.allowCodeOutsideWorkspace) {
    throw new DeployCancelledError(
      `The code of ${fn.name} is in ${outside}, outside the workspace; it is packaged only once you confirm. Nothing was packaged.`,
    );
  }
  if (options.signal?.aborted)
    throw new DeployCancelledError(`Deploy of ${functionName} cancelled before the upload; nothing was uploaded.`);
  onAction('package');
  step({ id: 'package', title: `Packaging ${fn.name}`, detail: fn.runtime });
  const pkg = options.prebuilt ?? (await packageFunction(fn, options.packaging));
  step({
    id: 'package',
    title: `Packaged ${fn.name}`,
    detail: `${formatBytes(pkg.zip.length)} zipped, ${formatBytes(pkg.unzippedBytes)} unzipped, CodeSha256 ${pkg.codeSha256}`,
    status: 'done',
  });
  for (const warning of pkg.warnings) step({ id: 'package', title: 'Warning', detail: warning, status: 'done' });
  if (options.signal?.aborted)
    throw new DeployCancelledError(`Deploy of ${functionName} cancelled before the upload; nothing was uploaded.`);

  if (hasLocalLayers(fn)) {
    onAction('lambda:ListLayerVersions');
    fn = { ...fn, layers: await plannedLayers(clients.lambda, fn, step) };
  }
  onAction('lambda:GetFunction');
  step({ id: 'lookup', title: `Looking up ${functionName}` });
  const found = await lookUp(clients, functionName, options.signal);
  const role = { arn: options.role ?? fn.role, createName: executionRoleName(functionName) };
  const warnings = [...pkg.warnings, ...(outside ? [`The code comes from ${outside}, outside the workspace.`] : [])];
  const base = { functionName, fn, pkg, role, warnings, environment: environmentChange({}, fn.environment) };
  const remote = found?.Configuration;
  if (!remote) {
    step({ id: 'lookup', title: `${functionName} does not exist yet`, detail: 'it will be created', status: 'done' });
    const layers = fn.layers.map((arn): LayerChange => ({ arn, change: 'add' }));
    const questions: DeployQuestion[] = role.arn
      ? []
      : [
          {
            kind: 'role',
            required: true,
            roleName: role.createName,
            message: `${functionName} does not exist and has no role: set Role in the template, pass a role ARN, or allow creating the execution role ${role.createName}.`,
          },
        ];
    return { ...base, action: 'create', managed: true, codeChanged: true, changes: [], layers, questions };
  }
  step({
    id: 'lookup',
    title: `Found ${functionName}`,
    detail: `${remote.Runtime ?? remote.PackageType}, revision ${remote.RevisionId ?? 'unknown'}`,
    status: 'done',
  });
  if (remote.PackageType === 'Image')
    throw new PackagingError(`${functionName} is deployed as a container image; a zip cannot replace it.`);

  const changes = diffConfiguration(fn, remote);
  const codeChanged = remote.CodeSha256 !== pkg.codeSha256;
  const managed = found.Tags?.[MANAGED_TAG] !== undefined;
  const environment = environmentChange(remote.Environment?.Variables ?? {}, fn.environment);
  const remoteLayers = (remote.Layers ?? []).map((layer) => layer.Arn ?? '');
  const layers: LayerChange[] = [
    ...fn.layers.map((arn): LayerChange => ({ arn, change: remoteLayers.includes(arn) ? 'keep' : 'add' })),
    ...remoteLayers.filter((arn) => !fn.layers.includes(arn)).map((arn): LayerChange => ({ arn, change: 'remove' })),
  ];
  const questions: DeployQuestion[] = [];
  if (!managed) {
    questions.push({
      kind: 'overwrite',
      required: true,
      message: `${functionName} already exists in AWS and was not deployed by Lambda Workbench (it has no ${MANAGED_TAG} tag): deploying replaces ${describeRemote(remote)}.`,
    });
  }
  const reasons = [
    ...changes
      .filter((c) => c.field === 'runtime' || c.field === 'handler')
      .map((c) => `the ${c.label.toLowerCase()} changes`),
    ...(environment.removed.length ? [`environment variables are removed (${environment.removed.join(', ')})`] : []),
  ];
  if (codeChanged || changes.length) {
    const message = changes.length ? 'Apply these changes?' : `Upload the new code to ${functionName}?`;
    questions.push({ kind: 'changes', required: reasons.length > 0, message, reasons });
  }
  const action = codeChanged || changes.length ? 'update' : 'unchanged';
  step({
    id: 'diff',
    title: 'Comparing with the deployed function',
    detail: describeDiff(
      codeChanged,
      changes.map((c) => c.summary),
    ),
    status: 'done',
  });
  return { ...base, action, remote, managed, codeChanged, changes, environment, layers, questions };
}

async function lookUp(
  clients: AwsClients,
  functionName: string,
  signal?: AbortSignal,
): Promise<GetFunctionResponse | undefined> {
  try {
    return await clients.lambda.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal: signal });
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** What the user would lose: the runtime, handler and variable names of the function found. */
function describeRemote(remote: NonNullable<GetFunctionResponse['Configuration']>): string {
  const variables = Object.keys(remote.Environment?.Variables ?? {}).sort();
  return `its code (${remote.Runtime ?? 'no runtime'}, handler ${remote.Handler ?? '(none)'}) and its settings${variables.length ? `, environment ${variables.join(', ')}` : ''}`;
}

function describeDiff(codeChanged: boolean, summaries: string[]): string {
  const code = codeChanged ? 'code changed' : 'code unchanged';
  return summaries.length ? `${code}; ${summaries.join('; ')}` : `${code}; configuration unchanged`;
}
