import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/** What a local run takes from the user's AWS configuration, the way `sam local` does. */
export interface LocalTarget {
  /** The chosen region, else the profile's (`region` in ~/.aws/config), else AWS_REGION; undefined when none is set. */
  region?: string;
  /** The profile's credentials as the SDK's own chain resolves them (static keys, SSO, assume-role, process...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The account of those credentials (STS GetCallerIdentity). */
  accountId?: string;
  /** Why credentials or the account could not be had, for one line to the user. */
  problem?: string;
}

/** How long the account lookup may take before the placeholder account is used instead. */
const ACCOUNT_TIMEOUT_MS = 5000;

/**
 * Resolves the region, credentials and account for local runs with the AWS SDK's own shared-config loading
 * (AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, SSO, credential_process), so the function gets what
 * SAM would hand it. Never throws: what cannot be had is left out and said in `problem`.
 */
export async function resolveLocalTarget(options: { profile?: string; region?: string }): Promise<LocalTarget> {
  const client = new STSClient({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  const target: LocalTarget = {};
  try {
    target.region = options.region ?? (await client.config.region().catch(() => undefined));
    if (!target.region) client.config.region = async () => 'us-east-1';
    const credentials = await client.config.credentials();
    target.credentials = {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    };
  } catch (error) {
    target.problem = `no AWS credentials${options.profile ? ` for profile ${options.profile}` : ''} (${firstLine(error)})`;
    client.destroy();
    return target;
  }
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}), {
      abortSignal: AbortSignal.timeout(ACCOUNT_TIMEOUT_MS),
    });
    target.accountId = identity.Account;
  } catch (error) {
    target.problem = `the account of these credentials is unknown: sts:GetCallerIdentity failed (${firstLine(error)})`;
  } finally {
    client.destroy();
  }
  return target;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
