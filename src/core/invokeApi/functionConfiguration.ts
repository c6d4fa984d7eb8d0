import type { FunctionSpec } from '../model';
import { deployedName, functionArn, type LocalIdentity } from '../runtime/lambdaEnvironment';

/** A FunctionSpec as Lambda's GetFunction/ListFunctions describe a function (FunctionConfiguration). */
export function functionConfiguration(fn: FunctionSpec, identity: LocalIdentity): Record<string, unknown> {
  return {
    FunctionName: deployedName(fn),
    FunctionArn: functionArn(fn, identity),
    Runtime: fn.runtime,
    Handler: fn.handler,
    MemorySize: fn.memorySize,
    Timeout: fn.timeout,
    Description: fn.description ?? '',
    Role: fn.role ?? `arn:aws:iam::${identity.accountId}:role/lambda-workbench-local`,
    Environment: { Variables: fn.environment },
    Architectures: fn.architectures,
    Layers: fn.layers.map((arn) => ({ Arn: arn })),
    LoggingConfig: { LogFormat: fn.logFormat, LogGroup: `/aws/lambda/${deployedName(fn)}` },
    PackageType: 'Zip',
    Version: '$LATEST',
    State: 'Active',
    LastUpdateStatus: 'Successful',
  };
}
