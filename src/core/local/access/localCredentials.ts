import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalCredentials } from './sigv4';

/**
 * The keys local SigV4 checks verify with: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the static keys of
 * the profile (AWS_PROFILE or `default`) in the shared credentials or config file, read by the SDK's own loader.
 * Profiles that get their keys from SSO, a role or a process have none to read here: requests signed with them
 * are then accepted unverified, and start-up says so.
 */
export async function localCredentials(
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): Promise<LocalCredentials | undefined> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, origin: 'environment' };
  }
  const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  const files = await loadSharedConfigFiles({
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
    configFilepath: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    ignoreCache: true,
  });
  for (const keys of [files.credentialsFile[profile], files.configFile[profile]]) {
    if (keys?.aws_access_key_id && keys.aws_secret_access_key) {
      return {
        accessKeyId: keys.aws_access_key_id,
        secretAccessKey: keys.aws_secret_access_key,
        origin: `profile ${profile}`,
      };
    }
  }
  return undefined;
}
