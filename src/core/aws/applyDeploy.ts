import {
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { formatBytes } from '../packaging';
import type { AwsClients } from './clients';
import { configurationUpdate } from './configDiff';
import { createFunction } from './deployCreate';
import { DeployCancelledError } from './deployOptions';
import { MANAGED_TAG, questionOf, type DeployAnswers, type DeployPlan } from './deployPlan';
import { hasLocalLayers, publishedLayers } from './layerPublish';
import { pointAlias, publishVersion } from './publish';
import { DEFAULT_TIMING, type DeployResult, type Step, type Timing } from './types';
import { retryWhileConflict, waitUntilUpdated } from './waiters';

/** What applying a plan needs besides the plan and the answers. */
export interface ApplyOptions {
  /** Publish a version after the update. */
  publish?: boolean;
  /** Point this alias at the published version (implies publish). */
  alias?: string;
  /** The RevisionId the user last saw (e.g. in the editor's tree); the plan's otherwise. */
  expectedRevisionId?: string;
  onStep?: (step: Step) => void;
  /** Honoured until the upload starts; the upload and what follows are never interrupted half way. */
  signal?: AbortSignal;
  timing?: Partial<Timing>;
  /** The region, for the partition of a new role's policy ARN. */
  region?: string;
}

/** Everything the steps of one apply share. */
export interface ApplyContext {
  clients: AwsClients;
  plan: DeployPlan;
  options: ApplyOptions;
  timing: Timing;
  step: (step: Step) => void;
  checkCancelled: () => void;
  /** Names the call under way (and what it acts on, when not the function) for error messages. */
  setAction: (action: string, resource?: string) => void;
  /** The layer ARNs the function ends with, in order. */
  layerArns: () => string[];
}

/**
 * Carries out a plan with the user's answers: refuses, before any change, when a required question was not answered
 * yes or any question was answered no; then creates the function or uploads the code (when its CodeSha256 changed)
 * and applies the configuration changes, each waited for once; then publishes and points the alias when asked, and
 * marks a function it was allowed to overwrite as Lambda Workbench's.
 */
export async function applyDeploy(
  clients: AwsClients,
  plan: DeployPlan,
  answers: DeployAnswers,
  options: ApplyOptions,
  setAction: (action: string, resource?: string) => void,
): Promise<DeployResult> {
  const { functionName } = plan;
  const ctx: ApplyContext = {
    clients,
    plan,
    options,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    step: (s) => options.onStep?.({ status: 'running', ...s }),
    checkCancelled: () => {
      if (options.signal?.aborted)
        throw new DeployCancelledError(`Deploy of ${functionName} cancelled before the upload; nothing was uploaded.`);
    },
    setAction,
    layerArns: () => plan.layers.filter((l) => l.change !== 'remove').map((l) => l.arn),
  };
  const role = checkAnswers(plan, answers);
  ctx.checkCancelled();
  if (hasLocalLayers(plan.fn)) {
    setAction('lambda:PublishLayerVersion');
    const layers = await publishedLayers(clients.lambda, plan.fn, ctx.step);
    ctx.layerArns = () => layers;
  }
  const base: DeployResult = {
    functionName,
    outcome: 'unchanged',
    codeUploaded: false,
    codeSha256: plan.pkg.codeSha256,
    changes: plan.changes,
    warnings: [...plan.warnings],
  };
  let result: DeployResult;
  if (plan.action === 'create') {
    const created = await createFunction(ctx, role!);
    result = {
      ...base,
      outcome: 'created',
      codeUploaded: true,
      role: created.role,
      configuration: created.configuration,
    };
  } else {
    result = await update(ctx, base);
  }
  result = await publish(ctx, result);
  if (!plan.managed) await adopt(ctx, result.configuration?.FunctionArn ?? plan.remote?.FunctionArn);
  return { ...result, functionArn: result.configuration?.FunctionArn ?? plan.remote?.FunctionArn };
}

/** Throws DeployCancelledError for a missing or negative answer; returns the role of a new function. */
function checkAnswers(plan: DeployPlan, answers: DeployAnswers): string | undefined {
  const name = plan.functionName;
  const overwrite = questionOf(plan, 'overwrite');
  if (overwrite && answers.overwrite !== true)
    throw new DeployCancelledError(`Deploy of ${name} cancelled: ${overwrite.message} Nothing was changed.`);
  const changes = questionOf(plan, 'changes');
  if (changes && (answers.applyChanges === false || (changes.required && answers.applyChanges !== true))) {
    const why =
      changes.required && answers.applyChanges === undefined
        ? `${changes.reasons.join(' and ')}, which needs confirmation`
        : plan.changes.length
          ? 'the configuration changes were not confirmed'
          : 'the code upload was not confirmed';
    throw new DeployCancelledError(`Deploy of ${name} cancelled: ${why}; nothing was changed.`);
  }
  if (plan.action !== 'create') return undefined;
  const role = answers.role ?? plan.role.arn;
  if (!role) throw new DeployCancelledError(questionOf(plan, 'role')?.message ?? `${name} has no role.`);
  return role;
}

async function update(ctx: ApplyContext, base: DeployResult): Promise<DeployResult> {
  const { clients, plan, options, timing, step, setAction } = ctx;
  const { functionName, pkg, changes } = plan;
  const architectures = changes.find((c) => c.field === 'architectures');
  let revisionId = options.expectedRevisionId ?? plan.remote?.RevisionId;
  let configuration = plan.remote;
  const uploads = plan.codeChanged || !!architectures;
  if (uploads) {
    setAction('lambda:UpdateFunctionCode');
    step({ id: 'upload', title: `Uploading code to ${functionName}`, detail: formatBytes(pkg.zip.length) });
    const Architectures = architectures ? (architectures.to as FunctionConfiguration['Architectures']) : undefined;
    await retryWhileConflict(
      () =>
        clients.lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: functionName,
            ZipFile: pkg.zip,
            RevisionId: revisionId,
            Architectures,
          }),
        ),
      timing,
    );
    setAction('lambda:GetFunction');
    step({ id: 'wait', title: 'Waiting for the code update to finish' });
    configuration = await waitUntilUpdated(clients.lambda, functionName, timing);
    revisionId = configuration.RevisionId;
  } else {
    step({
      id: 'upload',
      title: 'Code unchanged; upload skipped',
      detail: `CodeSha256 ${pkg.codeSha256}`,
      status: 'skipped',
    });
  }

  const remoteLayers = (plan.remote?.Layers ?? []).map((l) => l.Arn ?? '');
  const layers = ctx.layerArns();
  const layersDiffer = layers.join('\n') !== remoteLayers.join('\n');
  const fromChanges = configurationUpdate(functionName, changes);
  const request =
    fromChanges || layersDiffer
      ? { ...fromChanges, FunctionName: functionName, ...(layersDiffer ? { Layers: layers } : {}) }
      : undefined;
  if (request) {
    setAction('lambda:UpdateFunctionConfiguration');
    step({
      id: 'configure',
      title: 'Updating configuration',
      detail: changes
        .filter((c) => c.field !== 'architectures')
        .map((c) => c.label)
        .join(', '),
    });
    await retryWhileConflict(
      () => clients.lambda.send(new UpdateFunctionConfigurationCommand({ ...request, RevisionId: revisionId })),
      timing,
    );
    setAction('lambda:GetFunction');
    step({ id: 'wait', title: 'Waiting for the configuration update to finish' });
    configuration = await waitUntilUpdated(clients.lambda, functionName, timing);
  }
  return { ...base, outcome: uploads || request ? 'updated' : 'unchanged', codeUploaded: uploads, configuration };
}

/** Publishes and points the alias when asked, with the RevisionId the last wait returned. */
async function publish(ctx: ApplyContext, result: DeployResult): Promise<DeployResult> {
  const { clients, plan, options, timing, step } = ctx;
  const { functionName } = plan;
  let version = '$LATEST';
  let aliasArn: string | undefined;
  if (options.publish || options.alias) {
    ctx.setAction('lambda:PublishVersion');
    step({ id: 'publish', title: 'Publishing a version' });
    const revision =
      result.outcome === 'unchanged'
        ? (options.expectedRevisionId ?? result.configuration?.RevisionId)
        : result.configuration?.RevisionId;
    const published = await publishVersion(clients.lambda, functionName, plan.pkg.codeSha256, timing, revision);
    version = published.Version ?? version;
    step({ id: 'publish', title: `Published version ${version}`, detail: published.FunctionArn, status: 'done' });
  }
  if (options.alias) {
    ctx.setAction('lambda:UpdateAlias');
    step({ id: 'alias', title: `Pointing alias ${options.alias} at version ${version}` });
    const alias = await pointAlias(clients.lambda, functionName, options.alias, version);
    aliasArn = alias.arn;
    step({
      id: 'alias',
      title: `${alias.created ? 'Created' : 'Updated'} alias ${options.alias}`,
      detail: aliasArn,
      status: 'done',
    });
  }
  return { ...result, version, aliasArn };
}

/** Tags a function the user allowed to be overwritten, so the next deploy of it needs no confirmation. */
async function adopt(ctx: ApplyContext, functionArn: string | undefined): Promise<void> {
  if (!functionArn) return;
  ctx.setAction('lambda:TagResource');
  await ctx.clients.lambda.send(new TagResourceCommand({ Resource: functionArn, Tags: { [MANAGED_TAG]: 'true' } }));
  ctx.step({
    id: 'adopt',
    title: `Marked ${ctx.plan.functionName} as deployed by Lambda Workbench`,
    detail: `tag ${MANAGED_TAG}`,
    status: 'done',
  });
}
