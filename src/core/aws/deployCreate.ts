import { CreateFunctionCommand, type CreateFunctionRequest, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { formatBytes } from '../packaging';
import type { ApplyContext } from './applyDeploy';
import { MANAGED_TAG } from './deployPlan';
import { createExecutionRole } from './role';
import { sleep, waitUntilActive } from './waiters';

/**
 * Creates the function of a `create` plan with `role` (an ARN, or `create` for a new execution role), tagged as
 * Lambda Workbench's, and waits until it is Active.
 */
export async function createFunction(
  ctx: ApplyContext,
  role: string,
): Promise<{ configuration: FunctionConfiguration; role: string }> {
  const { clients, plan, options, step, timing } = ctx;
  const { fn, functionName, pkg } = plan;
  let newRole = false;
  if (role === 'create') {
    const roleName = plan.role.createName;
    step({
      id: 'role',
      title: `Creating execution role ${roleName}`,
      detail: 'trusts lambda.amazonaws.com, AWSLambdaBasicExecutionRole attached',
    });
    const created = await createExecutionRole(clients.iam, roleName, options.region, (action) =>
      ctx.setAction(action, roleName),
    );
    role = created.arn;
    newRole = created.created;
    step({
      id: 'role',
      title: `${created.created ? 'Created' : 'Reusing existing'} role ${roleName}`,
      detail: role,
      status: 'done',
    });
  } else {
    step({ id: 'role', title: `Using role ${role}`, status: 'done' });
  }
  ctx.checkCancelled();

  const layers = ctx.layerArns();
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
    Layers: layers.length ? layers : undefined,
    Description: fn.description,
    LoggingConfig: fn.logFormat === 'JSON' ? { LogFormat: 'JSON' } : undefined,
    PackageType: 'Zip',
    Tags: { [MANAGED_TAG]: 'true' },
  };
  ctx.setAction('lambda:CreateFunction');
  step({ id: 'upload', title: `Creating ${functionName}`, detail: `${formatBytes(pkg.zip.length)} zipped` });
  const deadline = Date.now() + timing.maxRoleWaitMs;
  for (;;) {
    try {
      await clients.lambda.send(new CreateFunctionCommand(request));
      break;
    } catch (error) {
      // IAM is eventually consistent: Lambda cannot assume a role for several seconds after it is created.
      const assumable = !/cannot be assumed/i.test((error as Error).message ?? '');
      if (!newRole || assumable || Date.now() + timing.pollIntervalMs * 2 > deadline) throw error;
      step({ id: 'upload', title: 'Waiting for the new role to reach Lambda' });
      await sleep(timing.pollIntervalMs * 2);
    }
  }
  ctx.setAction('lambda:GetFunction');
  return { configuration: await waitUntilActive(clients.lambda, functionName, timing), role };
}
