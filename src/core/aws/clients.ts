import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';

/** The four AWS clients the workbench uses (whole clients: the SDK's paginators and waiters take nothing less). */
export interface AwsClients {
  lambda: LambdaClient;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
}

/** Where the calls go and as whom. Anything left out comes from the SDK's default chain. */
export interface AwsSessionOptions {
  /** A profile of ~/.aws/config; AWS_PROFILE or `default` otherwise. */
  profile?: string;
  region?: string;
  /** An endpoint for every service; otherwise the SDK reads AWS_ENDPOINT_URL(_<SERVICE>) itself. */
  endpoint?: string;
}

/**
 * Creates the SDK clients. Only settings that were given are passed, so the default chain (environment, profiles, SSO,
 * AWS_ENDPOINT_URL) stays in charge of the rest.
 */
export function createClients(options: AwsSessionOptions = {}): AwsClients & { destroy(): void } {
  const config = {
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  const lambda = new LambdaClient(config);
  const iam = new IAMClient(config);
  const logs = new CloudWatchLogsClient(config);
  const sts = new STSClient(config);
  return {
    lambda,
    iam,
    logs,
    sts,
    destroy() {
      for (const client of [lambda, iam, logs, sts]) client.destroy();
    },
  };
}

/**
 * The endpoint calls to `service` go to, for error messages: the explicit one, else the SDK's environment variables,
 * else the public regional endpoint. Describes what the SDK does; never changes it.
 */
export function describeEndpoint(
  service: 'lambda' | 'iam' | 'logs' | 'sts',
  options: AwsSessionOptions,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const envName = { lambda: 'LAMBDA', iam: 'IAM', logs: 'CLOUDWATCH_LOGS', sts: 'STS' }[service];
  const explicit = options.endpoint ?? env[`AWS_ENDPOINT_URL_${envName}`] ?? env.AWS_ENDPOINT_URL;
  if (explicit) return explicit;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '<region>';
  return service === 'iam' ? 'https://iam.amazonaws.com' : `https://${service}.${region}.amazonaws.com`;
}
