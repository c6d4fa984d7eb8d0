import { GetFunctionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../model';
import { formatBytes, packageFunction, PackageLimitError, PackagingError } from '../packaging';
import type { AwsClients } from './clients';
import { configurationUpdate, diffConfiguration } from './configDiff';
import { createFunction } from './deployCreate';
import { DeployCancelledError, type DeployContext, type DeployOptions } from './deployOptions';
import { AwsError, toAwsError } from './errors';
import { pointAlias, publishVersion } from './publish';
import { DEFAULT_TIMING, type ConfigChange, type DeployResult, type Step } from './types';
import { retryWhileConflict, waitUntilSettled } from './waiters';

/**
 * Deploys one function: packages it, creates it when it does not exist, otherwise uploads the code unless its
 * CodeSha256 is unchanged, waits for the update, applies the configuration diff, and optionally publishes a version
 * and points an alias at it. Each step is reported through `onStep`.
 */
export async function deployFunction(clients: AwsClients, fn: FunctionSpec, options: DeployOptions = {}): Promise<DeployResult> {
  const functionName = options.functionName ?? fn.functionName ?? fn.name;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const step = (s: Step) => options.onStep?.({ status: 'running', ...s });
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new DeployCancelledError(`Deploy of ${functionName} cancelled before the upload; nothing was uploaded.`);
  };
  let action = 'package';
  let resource = functionName;
  try {
    checkCancelled();
    step({ id: 'package', title: `Packaging ${fn.name}`, detail: fn.runtime });
    const pkg = options.prebuilt ?? (await packageFunction(fn, options.packaging));
    step({ id: 'package', title: `Packaged ${fn.name}`, detail: `${formatBytes(pkg.zip.length)} zipped, ${formatBytes(pkg.unzippedBytes)} unzipped, CodeSha256 ${pkg.codeSha256}`, status: 'done' });
    for (const warning of pkg.warnings) step({ id: 'package', title: 'Warning', detail: warning, status: 'done' });
    checkCancelled();

    action = 'lambda:GetFunction';
    step({ id: 'lookup', title: `Looking up ${functionName}` });
    const remote = await getRemote(clients, functionName, options.signal);
    const setAction = (a: string, r = functionName) => {
      action = a;
      resource = r;
    };
    const context = { clients, fn, functionName, options, timing, pkg, step, checkCancelled, setAction };
    if (!remote) {
      step({ id: 'lookup', title: `${functionName} does not exist yet`, detail: 'it will be created', status: 'done' });
      const created = await createFunction(context);
      if (created.outcome === 'dry-run') return created;
      return await finish(context, created, created.configuration?.RevisionId);
    }
    step({ id: 'lookup', title: `Found ${functionName}`, detail: `${remote.Runtime ?? remote.PackageType}, revision ${remote.RevisionId ?? 'unknown'}`, status: 'done' });
    if (remote.PackageType === 'Image') throw new PackagingError(`${functionName} is deployed as a container image; a zip cannot replace it.`);
    return await update(context, remote);
  } catch (error) {
    if (error instanceof PackagingError || error instanceof PackageLimitError || error instanceof DeployCancelledError || error instanceof AwsError) throw error;
    if (options.signal?.aborted && (error as { name?: string }).name === 'AbortError') {
      throw new DeployCancelledError(`Deploy of ${functionName} cancelled before the upload; nothing was uploaded.`);
    }
    throw toAwsError(error, { action, resource, region: options.region, profile: options.profile, endpoint: options.endpoint });
  }
}

async function getRemote(clients: AwsClients, functionName: string, signal?: AbortSignal): Promise<FunctionConfiguration | undefined> {
  try {
    return (await clients.lambda.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal: signal })).Configuration;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function update(ctx: DeployContext, remote: FunctionConfiguration): Promise<DeployResult> {
  const { clients, functionName, options, timing, pkg, step, setAction } = ctx;
  const changes = diffConfiguration(ctx.fn, remote);
  const codeChanged = remote.CodeSha256 !== pkg.codeSha256;
  const architectures = changes.find((c) => c.field === 'architectures');
  step({ id: 'diff', title: 'Comparing with the deployed function', detail: describePlan(codeChanged, changes), status: 'done' });
  const base: DeployResult = { functionName, outcome: 'dry-run', codeUploaded: false, codeSha256: pkg.codeSha256, changes, functionArn: remote.FunctionArn, warnings: [...pkg.warnings] };
  if (options.dryRun) return { ...base, codeUploaded: codeChanged || !!architectures, configuration: remote };
  if (changes.length && options.confirmChanges && !(await options.confirmChanges(changes))) {
    throw new DeployCancelledError(`Deploy of ${functionName} cancelled: the configuration changes were not confirmed; nothing was changed.`);
  }
  ctx.checkCancelled();

  let revisionId = options.expectedRevisionId ?? remote.RevisionId;
  const uploads = codeChanged || !!architectures;
  if (uploads) {
    setAction('lambda:UpdateFunctionCode');
    step({ id: 'upload', title: `Uploading code to ${functionName}`, detail: formatBytes(pkg.zip.length) });
    await retryWhileConflict(
      () =>
        clients.lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: functionName,
            ZipFile: pkg.zip,
            RevisionId: revisionId,
            Architectures: architectures ? (architectures.to as FunctionConfiguration['Architectures']) : undefined,
          }),
        ),
      timing,
    );
    setAction('lambda:GetFunctionConfiguration');
    step({ id: 'wait', title: 'Waiting for the code update to finish' });
    revisionId = (await waitUntilSettled(clients.lambda, functionName, timing)).RevisionId;
  } else {
    step({ id: 'upload', title: 'Code unchanged; upload skipped', detail: `CodeSha256 ${pkg.codeSha256}`, status: 'skipped' });
  }

  let configuration: FunctionConfiguration | undefined;
  const request = configurationUpdate(functionName, changes);
  if (request) {
    setAction('lambda:UpdateFunctionConfiguration');
    step({ id: 'configure', title: 'Updating configuration', detail: changes.filter((c) => c.field !== 'architectures').map((c) => c.label).join(', ') });
    await retryWhileConflict(() => clients.lambda.send(new UpdateFunctionConfigurationCommand({ ...request, RevisionId: revisionId })), timing);
    setAction('lambda:GetFunctionConfiguration');
    step({ id: 'wait', title: 'Waiting for the configuration update to finish' });
    configuration = await waitUntilSettled(clients.lambda, functionName, timing);
    revisionId = configuration.RevisionId;
  }
  const outcome = uploads || request ? 'updated' : 'unchanged';
  return finish(ctx, { ...base, outcome, codeUploaded: uploads, configuration: configuration ?? remote }, revisionId);
}

/** Publishes and points the alias when asked, and fills in the final ARN and version. */
async function finish(ctx: DeployContext, result: DeployResult, revisionId: string | undefined): Promise<DeployResult> {
  const { clients, functionName, options, timing, step } = ctx;
  let configuration = result.configuration;
  if (!configuration || result.outcome !== 'unchanged') {
    ctx.setAction('lambda:GetFunctionConfiguration');
    configuration = await waitUntilSettled(clients.lambda, functionName, timing);
  }
  let version = '$LATEST';
  let aliasArn: string | undefined;
  if (options.publish || options.alias) {
    ctx.setAction('lambda:PublishVersion');
    step({ id: 'publish', title: 'Publishing a version' });
    const published = await publishVersion(clients.lambda, functionName, ctx.pkg.codeSha256, timing, revisionId ?? configuration.RevisionId);
    version = published.Version ?? version;
    step({ id: 'publish', title: `Published version ${version}`, detail: published.FunctionArn, status: 'done' });
  }
  if (options.alias) {
    ctx.setAction('lambda:UpdateAlias');
    step({ id: 'alias', title: `Pointing alias ${options.alias} at version ${version}` });
    const alias = await pointAlias(clients.lambda, functionName, options.alias, version);
    aliasArn = alias.arn;
    step({ id: 'alias', title: `${alias.created ? 'Created' : 'Updated'} alias ${options.alias}`, detail: aliasArn, status: 'done' });
  }
  return { ...result, configuration, functionArn: configuration.FunctionArn ?? result.functionArn, version, aliasArn };
}

function describePlan(codeChanged: boolean, changes: ConfigChange[]): string {
  const code = codeChanged ? 'code changed' : 'code unchanged';
  return changes.length ? `${code}; ${changes.map((c) => c.summary).join('; ')}` : `${code}; configuration unchanged`;
}
