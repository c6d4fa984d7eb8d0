import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One profile of the shared AWS files, as far as the picker and the status bar need it. */
export interface AwsProfile {
  name: string;
  /** The profile's region in ~/.aws/config. */
  region?: string;
  /** How it gets credentials: access keys, SSO, assuming a role, an external process, or nothing found. */
  source: 'keys' | 'sso' | 'role' | 'process' | 'none';
}

/** Where the SDK reads profiles: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/. */
export function awsFilePaths(
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/**
 * The profiles of the shared files as the SDK reads them (its own loader: inline `#`/`;` comments dropped, indented
 * sub-keys such as `s3 =` / `  region = ...` kept apart from the profile's own keys).
 */
export async function readProfiles(paths: { config: string; credentials: string }): Promise<AwsProfile[]> {
  const files = await loadSharedConfigFiles({
    configFilepath: paths.config,
    filepath: paths.credentials,
    ignoreCache: true,
  });
  return profilesOf(files);
}

/**
 * The profiles of the config file (`[default]`, `[profile name]`) and the credentials file (`[name]`), merged by
 * name, `default` first and the rest by name. Other sections of the config file (sso-session, services) are skipped.
 */
export function profilesOf(files: Awaited<ReturnType<typeof loadSharedConfigFiles>>): AwsProfile[] {
  const merged = new Map<string, Record<string, string | undefined>>();
  for (const [name, keys] of Object.entries(files.configFile)) {
    if (!/^(sso-session|services)\./.test(name)) merged.set(name, { ...merged.get(name), ...keys });
  }
  for (const [name, keys] of Object.entries(files.credentialsFile)) merged.set(name, { ...merged.get(name), ...keys });
  return [...merged.entries()]
    .map(([name, keys]) => ({ name, region: keys.region || undefined, source: sourceOf(keys) }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

function sourceOf(keys: Record<string, string | undefined>): AwsProfile['source'] {
  if (keys.aws_access_key_id) return 'keys';
  if (keys.sso_session || keys.sso_start_url) return 'sso';
  if (keys.role_arn) return 'role';
  if (keys.credential_process) return 'process';
  return 'none';
}

/** What the status bar shows: whose credentials, which region, and whether any credentials can be found at all. */
export interface AwsTarget {
  /** The profile name, or `environment` for AWS_ACCESS_KEY_ID, or `default`. */
  profile: string;
  region?: string;
  hasCredentials: boolean;
}

/**
 * Resolves, without the SDK, what the SDK's default chain will use: the chosen profile (setting, else AWS_PROFILE),
 * else the environment's keys, else `default`; the region from the setting, AWS_REGION, AWS_DEFAULT_REGION, then
 * the profile. Credentials from instance metadata or containers are not probed, so `hasCredentials` may be false there.
 */
export function resolveTarget(
  settings: { profile?: string; region?: string },
  env: NodeJS.ProcessEnv,
  profiles: readonly AwsProfile[],
): AwsTarget {
  const explicit = settings.profile || env.AWS_PROFILE || undefined;
  const fromEnv = !explicit && !!env.AWS_ACCESS_KEY_ID && !!env.AWS_SECRET_ACCESS_KEY;
  const profile = explicit ?? (fromEnv ? 'environment' : 'default');
  const found = profiles.find((p) => p.name === (explicit ?? 'default'));
  const region = settings.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || found?.region || undefined;
  const containerCredentials = !!(
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE
  );
  const hasCredentials =
    fromEnv || (found !== undefined && found.source !== 'none') || (!explicit && containerCredentials);
  return { profile, region, hasCredentials };
}

/** `profile @ region`, as the status bar shows it. */
export function describeTarget(target: AwsTarget): string {
  return `${target.profile} @ ${target.region ?? 'no region'}`;
}

/** The public regions where Lambda runs, offered by the region picker (any other can be typed). */
export const LAMBDA_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'sa-east-1',
  'mx-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'af-south-1',
  'me-south-1',
  'me-central-1',
  'il-central-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
];

/** Where a new user reads how to give the AWS CLI and SDKs credentials and a region. */
export const AWS_SETUP_DOCS = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-configure.html';

/** What keeps the editor from reaching AWS, said the same way in the status bar, the Deployed view and Deploy. */
export interface AwsSetupProblem {
  /** Short, for the status bar: `AWS: no credentials`. */
  short: string;
  /** The full sentence, with what to do in the editor. */
  message: string;
}

/**
 * The first thing missing for AWS calls: credentials for the profile, then a region. Undefined when both are there.
 * `expired` is set once a call failed with expired credentials.
 */
export function awsSetupProblem(target: AwsTarget, failure?: 'credentials' | 'expired'): AwsSetupProblem | undefined {
  const fix = 'Select a profile that has them, or run `aws configure` (or `aws sso login`) in a terminal.';
  if (failure === 'expired')
    return {
      short: 'AWS: credentials expired',
      message: `The credentials of the AWS profile "${target.profile}" have expired. Run \`aws sso login\` (or renew them), or select another profile.`,
    };
  if (failure === 'credentials' || !target.hasCredentials) {
    return {
      short: 'AWS: no credentials',
      message: `No AWS credentials were found for the profile "${target.profile}". ${fix}`,
    };
  }
  if (!target.region)
    return {
      short: 'AWS: no region',
      message: `No AWS region is set for the profile "${target.profile}". Set a region for Lambda Workbench, or add one to the profile.`,
    };
  return undefined;
}
