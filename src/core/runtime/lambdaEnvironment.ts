import { randomBytes } from 'node:crypto';
import type { FunctionSpec } from '../model';
import type { LaunchPlan } from './types';

/** The account and region the local runtime pretends to be in, for ARNs and log names. */
export interface LocalIdentity {
  region: string;
  accountId: string;
}

/** The name Lambda knows the function by: its FunctionName, else its logical id. */
export function deployedName(fn: FunctionSpec): string {
  return fn.functionName ?? fn.name;
}

export function functionArn(fn: FunctionSpec, identity: LocalIdentity, qualifier?: string): string {
  const base = `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${deployedName(fn)}`;
  return qualifier && qualifier !== '$LATEST' ? `${base}:${qualifier}` : base;
}

/** A log stream name shaped like Lambda's: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
export function logStreamName(version: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/** Host variables a local process needs to find tools and reach the network from this machine (proxies, CAs). */
const HOST_VARIABLES = [
  'PATH',
  'HOME',
  'LANG',
  'TMPDIR',
  'SYSTEMROOT',
  'NODE_EXTRA_CA_CERTS',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
];

/** Host variables passed through so that AWS SDK calls inside the handler find the user's credentials. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
];

/** `AWS_ENDPOINT_URL_<SERVICE>`, the SDKs' per-service endpoint variables. */
const SERVICE_ENDPOINT = /^AWS_ENDPOINT_URL_[A-Z0-9_]+$/;

export interface EnvironmentInput {
  fn: FunctionSpec;
  plan: LaunchPlan;
  runtimeApi: string;
  identity: LocalIdentity;
  version: string;
  initializationType: 'on-demand' | 'provisioned-concurrency';
  /** The host environment, for PATH, HOME and credentials. */
  host: NodeJS.ProcessEnv;
  /** Explicit credentials (e.g. resolved from a profile by the editor); they win over the host's. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * The environment of an instance: what Lambda sets, then the function's own variables (which may override the
 * non-reserved ones, as in Lambda), then what the launcher needs. The host environment is not passed wholesale:
 * a handler sees what it would see in Lambda, plus PATH/HOME so local tools and credentials still work.
 */
export function lambdaEnvironment(input: EnvironmentInput): Record<string, string> {
  const { fn, plan, host, identity } = input;
  const env: Record<string, string> = {};
  for (const name of [...HOST_VARIABLES, ...CREDENTIAL_VARIABLES]) {
    const value = host[name];
    if (value !== undefined) env[name] = value;
  }
  // The SDKs read a per-service endpoint (AWS_ENDPOINT_URL_DYNAMODB...) next to AWS_ENDPOINT_URL: pass those on too.
  for (const [name, value] of Object.entries(host)) {
    if (SERVICE_ENDPOINT.test(name) && value !== undefined) env[name] = value;
  }
  if (input.credentials) {
    env.AWS_ACCESS_KEY_ID = input.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = input.credentials.secretAccessKey;
    if (input.credentials.sessionToken) env.AWS_SESSION_TOKEN = input.credentials.sessionToken;
    else delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
  }
  Object.assign(env, {
    LANG: env.LANG ?? 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: input.initializationType,
    AWS_LAMBDA_FUNCTION_NAME: deployedName(fn),
    AWS_LAMBDA_FUNCTION_VERSION: input.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${deployedName(fn)}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(input.version),
    AWS_LAMBDA_LOG_FORMAT: fn.logFormat,
    LAMBDA_TASK_ROOT: plan.taskRoot,
  });
  Object.assign(env, fn.environment);
  // Reserved variables cannot be overridden by the function's configuration in Lambda either.
  Object.assign(env, {
    AWS_LAMBDA_RUNTIME_API: input.runtimeApi,
    _HANDLER: plan.handler,
    LAMBDA_TASK_ROOT: plan.taskRoot,
  });
  Object.assign(env, plan.env);
  return env;
}
