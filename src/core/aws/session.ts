import {
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  type AliasConfiguration,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import type { Role } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { FunctionSpec } from '../model';
import type { InvocationResult } from '../runtime/types';
import { createClients, describeEndpoint, type AwsSessionOptions } from './clients';
import type { ApplyOptions } from './applyDeploy';
import { applyDeployment, deployFunction, planDeployment } from './deploy';
import type { DeployOptions } from './deployOptions';
import type { DeployAnswers, DeployPlan } from './deployPlan';
import { downloadCode, type DownloadOptions, type DownloadResult } from './download';
import { toAwsError } from './errors';
import { fetchLogs, logGroupOf, tailLogs, type RemoteLogLine, type TailOptions } from './logs';
import { collect, listAliases, listFunctions, listRoles, listVersions } from './paginate';
import type { PlanOptions } from './planDeploy';
import { invokeRemote, type RemoteInvokeOptions } from './remoteInvoke';
import type { DeployResult } from './types';

/** Who the credentials belong to. */
export interface Identity {
  account: string;
  arn: string;
  userId: string;
  region?: string;
}

export interface LogsOptions extends TailOptions {
  /** Keep polling for new events until the signal aborts. */
  follow?: boolean;
}

/** Everything the editor and the CLI do against AWS, with every failure turned into one clear AwsError. */
export interface AwsSession {
  readonly options: AwsSessionOptions;
  /** The region calls go to, as the SDK resolved it (undefined when none is configured). */
  region(): Promise<string | undefined>;
  whoAmI(): Promise<Identity>;
  /** Packages the function and looks it up once: what a deploy would change and what must be asked. Changes nothing. */
  planDeploy(fn: FunctionSpec, options?: PlanOptions): Promise<DeployPlan>;
  /** Carries out a plan with the user's answers. */
  applyDeploy(plan: DeployPlan, answers: DeployAnswers, options?: ApplyOptions): Promise<DeployResult>;
  /** Plans and applies in one call, answering through the callbacks of `options`. */
  deploy(fn: FunctionSpec, options?: DeployOptions): Promise<DeployResult>;
  /** Every function of the region (all pages). */
  list(signal?: AbortSignal): Promise<FunctionConfiguration[]>;
  getConfiguration(functionName: string, qualifier?: string): Promise<FunctionConfiguration>;
  listVersions(functionName: string): Promise<FunctionConfiguration[]>;
  listAliases(functionName: string): Promise<AliasConfiguration[]>;
  /** Every IAM role of the account (all pages). */
  listRoles(signal?: AbortSignal): Promise<Role[]>;
  invoke(functionName: string, payload: string | Buffer, options?: RemoteInvokeOptions): Promise<InvocationResult>;
  /** The function's CloudWatch log events from `startTime`, or followed live with `follow`. */
  logs(functionName: string, options?: LogsOptions): AsyncIterable<RemoteLogLine>;
  download(functionName: string, destination: string, options?: DownloadOptions): Promise<DownloadResult>;
  /** Deletes the function, or only one version with a qualifier. */
  delete(functionName: string, qualifier?: string): Promise<void>;
  /** Closes the SDK clients' connections. */
  dispose(): void;
}

/**
 * A session over the SDK's default credential chain (profiles, SSO, environment) and endpoint resolution
 * (AWS_ENDPOINT_URL), with a profile, region or endpoint given here taking precedence.
 */
export function createAwsSession(options: AwsSessionOptions = {}): AwsSession {
  const clients = createClients(options);
  const region = async () => options.region ?? (await clients.lambda.config.region().catch(() => undefined));
  const fail = async (
    error: unknown,
    action: string,
    service: 'lambda' | 'iam' | 'logs' | 'sts',
    resource?: string,
  ): Promise<never> => {
    const resolved = await region();
    throw toAwsError(error, {
      action,
      resource,
      profile: options.profile,
      region: resolved,
      endpoint: describeEndpoint(service, { ...options, region: resolved }),
    });
  };
  const deployTarget = async () => {
    const resolved = await region();
    return {
      region: resolved,
      profile: options.profile,
      endpoint: describeEndpoint('lambda', { ...options, region: resolved }),
    };
  };
  const guard = <T>(
    action: string,
    service: 'lambda' | 'iam' | 'logs' | 'sts',
    resource: string | undefined,
    run: () => Promise<T>,
  ): Promise<T> => run().catch((error) => fail(error, action, service, resource));

  return {
    options,
    region,
    whoAmI: () =>
      guard('sts:GetCallerIdentity', 'sts', undefined, async () => {
        const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
        return {
          account: identity.Account ?? '',
          arn: identity.Arn ?? '',
          userId: identity.UserId ?? '',
          region: await region(),
        };
      }),
    planDeploy: async (fn, planOptions = {}) => planDeployment(clients, fn, planOptions, await deployTarget()),
    applyDeploy: async (plan, answers, applyOptions = {}) =>
      applyDeployment(clients, plan, answers, applyOptions, await deployTarget()),
    deploy: async (fn, deployOptions = {}) =>
      deployFunction(clients, fn, { ...(await deployTarget()), ...deployOptions }),
    list: (signal) =>
      guard('lambda:ListFunctions', 'lambda', undefined, () => collect(listFunctions(clients.lambda, signal))),
    getConfiguration: (name, qualifier) =>
      guard('lambda:GetFunctionConfiguration', 'lambda', name, () =>
        clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: qualifier })),
      ),
    listVersions: (name) =>
      guard('lambda:ListVersionsByFunction', 'lambda', name, () => collect(listVersions(clients.lambda, name))),
    listAliases: (name) =>
      guard('lambda:ListAliases', 'lambda', name, () => collect(listAliases(clients.lambda, name))),
    listRoles: (signal) => guard('iam:ListRoles', 'iam', undefined, () => collect(listRoles(clients.iam, signal))),
    invoke: (name, payload, invokeOptions) =>
      guard('lambda:InvokeFunction', 'lambda', name, () => invokeRemote(clients.lambda, name, payload, invokeOptions)),
    logs: (name, logOptions = {}) =>
      guardIterable(
        logOptions.follow ? tailLogs(clients.logs, name, logOptions) : fetchLogs(clients.logs, name, logOptions),
        (error) => fail(error, 'logs:FilterLogEvents', 'logs', logOptions.logGroupName ?? logGroupOf(name)),
      ),
    download: (name, destination, downloadOptions) =>
      guard('lambda:GetFunction', 'lambda', name, () =>
        downloadCode(clients.lambda, name, destination, downloadOptions),
      ),
    delete: (name, qualifier) =>
      guard('lambda:DeleteFunction', 'lambda', name, async () => {
        await clients.lambda.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: qualifier }));
      }),
    dispose: () => clients.destroy(),
  };
}

async function* guardIterable<T>(
  source: AsyncGenerator<T>,
  onError: (error: unknown) => Promise<never>,
): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    await onError(error);
  }
}
