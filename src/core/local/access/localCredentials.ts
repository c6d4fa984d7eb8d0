import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalCredentials } from './sigv4';

/**
 * The keys local SigV4 checks verify with: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the static keys of
 * the profile (AWS_PROFILE or `default`) in the shared credentials or config file. Profiles that get their keys
 * from SSO, a role or a process have none to read here: requests are then accepted unverified.
 */
export function localCredentials(env: NodeJS.ProcessEnv = process.env, home = homedir()): LocalCredentials | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, origin: 'environment' };
  }
  const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  const files: Array<[string, string]> = [
    [env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), profile],
    [env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), profile === 'default' ? 'default' : `profile ${profile}`],
  ];
  for (const [file, section] of files) {
    const keys = iniSection(readOptional(file), section);
    if (keys?.aws_access_key_id && keys.aws_secret_access_key) {
      return { accessKeyId: keys.aws_access_key_id, secretAccessKey: keys.aws_secret_access_key, origin: `profile ${profile}` };
    }
  }
  return undefined;
}

function readOptional(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function iniSection(text: string, name: string): Record<string, string> | undefined {
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      if (current) return current;
      current = header[1].trim() === name ? {} : undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return current;
}
