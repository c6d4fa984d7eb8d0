import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseParameterOverrides, type ResolutionOptions } from '../core/discovery';
import type { LocalTarget } from '../core/aws/localTarget';
import { flag, type ParsedArgs } from './args';
import { UsageError, type CliIo } from './command';

/** Flags of every command that reads templates. */
export const TEMPLATE_FLAGS = ['template', 'parameter-overrides', 'stage'];

export const TEMPLATE_FLAGS_USAGE = `  --parameter-overrides <text>  template Parameters, as SAM takes them: 'Key=Value Key2=Value2' or
                       'ParameterKey=Key,ParameterValue=Value ...'; they win over the Defaults
  --stage <name>       the serverless.yml stage (\${sls:stage}, \${opt:stage}); default: provider.stage, else dev`;

/** Flags of every command: the AWS profile and region. */
export const PROFILE_FLAGS = ['profile', 'region'];

export const PROFILE_FLAGS_USAGE = `  --profile <name>     an AWS profile (~/.aws/config, SSO included): its credentials and region go to the
                       function, as with sam local; default: AWS_PROFILE or the SDK's default chain
  --region <name>      the region (AWS_REGION, AWS::Region); default: the profile's, else AWS_REGION, else us-east-1`;

/** What a command that reads templates works with: how templates are resolved, and the AWS target of local runs. */
export interface LocalSetup {
  resolution: ResolutionOptions;
  target: LocalTarget;
}

/** True when the user has any AWS configuration the SDK could take credentials from (no network, no metadata service). */
function hasAwsConfiguration(env: NodeJS.ProcessEnv, profile: string | undefined): boolean {
  if (profile || env.AWS_PROFILE || env.AWS_ACCESS_KEY_ID || env.AWS_CONFIG_FILE || env.AWS_SHARED_CREDENTIALS_FILE)
    return true;
  const home = env.HOME ?? homedir();
  return existsSync(join(home, '.aws', 'config')) || existsSync(join(home, '.aws', 'credentials'));
}

/**
 * Reads --parameter-overrides, --stage, --profile and --region. When the user has AWS configuration, the AWS SDK
 * resolves the profile's credentials, region and account (STS), as SAM does; otherwise the region comes from
 * the flag or AWS_REGION and the account is the documented placeholder. A problem is said once on stderr.
 */
export async function localSetup(parsed: ParsedArgs, io: CliIo): Promise<LocalSetup> {
  const text = flag(parsed, 'parameter-overrides');
  let parameterOverrides: Record<string, string> | undefined;
  try {
    parameterOverrides = text === undefined ? undefined : parseParameterOverrides(text);
  } catch (error) {
    throw new UsageError(`--parameter-overrides: ${(error as Error).message}`);
  }
  const profile = flag(parsed, 'profile');
  const region = flag(parsed, 'region');
  let target: LocalTarget = { region: region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION };
  if (hasAwsConfiguration(io.env, profile)) {
    const { resolveLocalTarget } = await import('../core/aws/localTarget');
    target = await resolveLocalTarget({ profile, region });
    if (target.problem) io.stderr(`note: ${target.problem}; AWS::AccountId stays the placeholder 123456789012\n`);
  }
  const options: Record<string, string> = {};
  const stage = flag(parsed, 'stage');
  if (stage !== undefined) options.stage = stage;
  if (region !== undefined) options.region = region;
  return {
    target,
    resolution: { parameterOverrides, region: target.region, accountId: target.accountId, options, env: io.env },
  };
}
