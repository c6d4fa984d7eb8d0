import { CreateFunctionCommand, type CreateFunctionRequest } from '@aws-sdk/client-lambda';
import { formatBytes } from '../packaging';
import { DeployCancelledError, type DeployContext } from './deployOptions';
import { createExecutionRole, executionRoleName } from './role';
import type { DeployResult } from './types';
import { sleep } from './waiters';

/**
 * Creates a function that does not exist yet, with the role given, else the template's, else (once confirmed) a new
 * execution role. A dry run stops after saying what it would do.
 */
export async function createFunction(ctx: DeployContext): Promise<DeployResult> {
  const { clients, fn, functionName, options, pkg, step, timing } = ctx;
  const base: DeployResult = { functionName, outcome: 'dry-run', codeUploaded: true, codeSha256: pkg.codeSha256, changes: [], warnings: [...pkg.warnings] };
  let role = options.role ?? fn.role;
  const roleName = executionRoleName(functionName);
  if (options.dryRun) {
    step({ id: 'role', title: role ? `Would use role ${role}` : `Would create role ${roleName}`, status: 'skipped' });
    step({ id: 'upload', title: `Would create ${functionName}`, detail: `${fn.runtime}, ${fn.handler}, ${formatBytes(pkg.zip.length)}`, status: 'skipped' });
    return { ...base, role };
  }
  let newRole = false;
  if (!role) {
    if (!options.confirmCreateRole || !(await options.confirmCreateRole(roleName))) {
      throw new DeployCancelledError(
        `${functionName} does not exist and has no role: set Role in the template, pass a role ARN, or allow creating the execution role ${roleName}.`,
      );
    }
    ctx.checkCancelled();
    step({ id: 'role', title: `Creating execution role ${roleName}`, detail: 'trusts lambda.amazonaws.com, AWSLambdaBasicExecutionRole attached' });
    const created = await createExecutionRole(clients.iam, roleName, options.region, (action) => ctx.setAction(action, roleName));
    role = created.arn;
    newRole = created.created;
    step({ id: 'role', title: `${created.created ? 'Created' : 'Reusing existing'} role ${roleName}`, detail: role, status: 'done' });
  } else {
    step({ id: 'role', title: `Using role ${role}`, status: 'done' });
  }
  ctx.checkCancelled();

  const request: CreateFunctionRequest = {
    FunctionName: functionName,
    Runtime: fn.runtime as CreateFunctionRequest['Runtime'],
    Handler: fn.handler,
    Role: role,
    Code: { ZipFile: pkg.zip },
    MemorySize: fn.memorySize,
    Timeout: fn.timeout,
    Architectures: fn.architectures.length ? fn.architectures : undefined,
    Environment: Object.keys(fn.environment).length ? { Variables: { ...fn.environment } } : undefined,
    Layers: fn.layers.length ? [...fn.layers] : undefined,
    Description: fn.description,
    LoggingConfig: fn.logFormat === 'JSON' ? { LogFormat: 'JSON' } : undefined,
    PackageType: 'Zip',
  };
  ctx.setAction('lambda:CreateFunction');
  step({ id: 'upload', title: `Creating ${functionName}`, detail: `${formatBytes(pkg.zip.length)} zipped` });
  const deadline = Date.now() + timing.maxRoleWaitMs;
  for (;;) {
    try {
      const created = await clients.lambda.send(new CreateFunctionCommand(request));
      return { ...base, outcome: 'created', role, functionArn: created.FunctionArn, configuration: created };
    } catch (error) {
      // IAM is eventually consistent: Lambda cannot assume a role for several seconds after it is created.
      const assumable = !/cannot be assumed/i.test((error as Error).message ?? '');
      if (!newRole || assumable || Date.now() + timing.pollIntervalMs * 2 > deadline) throw error;
      step({ id: 'upload', title: 'Waiting for the new role to reach Lambda' });
      await sleep(timing.pollIntervalMs * 2);
    }
  }
}
