import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  awsFilePaths,
  awsSetupProblem,
  describeTarget,
  readProfiles,
  resolveTarget,
  type AwsProfile,
} from '../../../src/extension/aws/profiles';

const CONFIG = `# comment
[default]
region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
region=us-east-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start

[profile ops]
role_arn = arn:aws:iam::111122223333:role/ops
source_profile = default

[profile empty]
output = json
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIAEXAMPLEEXAMPLE
aws_secret_access_key = secret

[ci]
aws_access_key_id=AKIAEXAMPLE2EXAMPLE
aws_secret_access_key=secret2
`;

let dir: string;
let profiles: AwsProfile[];

/** Writes the two shared files and reads them back with the SDK's loader. */
async function profilesFrom(config: string, credentials: string): Promise<AwsProfile[]> {
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return readProfiles({ config: join(dir, 'config'), credentials: join(dir, 'credentials') });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lwb-profiles-'));
  profiles = await profilesFrom(CONFIG, CREDENTIALS);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('AWS profiles', () => {
  test('values read as the SDK reads them: inline comments dropped, indented sub-keys kept apart', async () => {
    const config =
      '; top\n[profile a]\nregion = eu-west-3 # Paris\ns3 =\n  region = us-west-2\n[profile b]\nregion=ap-south-1 ;Mumbai\nsso_session = corp\n';
    assert.deepEqual(await profilesFrom(config, ''), [
      { name: 'a', region: 'eu-west-3', source: 'none' },
      { name: 'b', region: 'ap-south-1', source: 'sso' },
    ]);
  });

  test('missing files are no profiles, not an error', async () => {
    assert.deepEqual(await readProfiles({ config: join(dir, 'nope'), credentials: join(dir, 'nope2') }), []);
  });

  test('lists the profiles of both files, default first, with their region and credential source', () => {
    assert.deepEqual(profiles, [
      { name: 'default', region: 'eu-west-1', source: 'keys' },
      { name: 'ci', region: undefined, source: 'keys' },
      { name: 'dev', region: 'us-east-2', source: 'sso' },
      { name: 'empty', region: undefined, source: 'none' },
      { name: 'ops', region: undefined, source: 'role' },
    ]);
  });

  test('the files come from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws', () => {
    assert.deepEqual(awsFilePaths({}, '/home/me'), {
      config: '/home/me/.aws/config',
      credentials: '/home/me/.aws/credentials',
    });
    assert.deepEqual(awsFilePaths({ AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k' }, '/home/me'), {
      config: '/c',
      credentials: '/k',
    });
  });
});

describe('what the status bar shows', () => {
  test('the environment keys, when no profile is chosen', () => {
    const target = resolveTarget(
      {},
      { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'ap-south-1' },
      profiles,
    );
    assert.deepEqual(target, { profile: 'environment', region: 'ap-south-1', hasCredentials: true });
    assert.equal(describeTarget(target), 'environment @ ap-south-1');
  });

  test('the chosen profile wins over AWS_PROFILE and the environment; its region applies when none is set', () => {
    const env = { AWS_PROFILE: 'ci', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' };
    assert.deepEqual(resolveTarget({ profile: 'dev' }, env, profiles), {
      profile: 'dev',
      region: 'us-east-2',
      hasCredentials: true,
    });
    assert.deepEqual(resolveTarget({}, env, profiles), { profile: 'ci', region: undefined, hasCredentials: true });
    assert.equal(
      resolveTarget({ profile: 'dev', region: 'sa-east-1' }, { AWS_REGION: 'eu-north-1' }, profiles).region,
      'sa-east-1',
    );
  });

  test('the default profile, and "no credentials" when nothing provides any', () => {
    assert.deepEqual(resolveTarget({}, {}, profiles), {
      profile: 'default',
      region: 'eu-west-1',
      hasCredentials: true,
    });
    assert.deepEqual(resolveTarget({}, {}, []), { profile: 'default', region: undefined, hasCredentials: false });
    assert.equal(resolveTarget({ profile: 'empty' }, {}, profiles).hasCredentials, false);
    assert.equal(resolveTarget({ profile: 'missing' }, {}, profiles).hasCredentials, false);
    assert.equal(describeTarget(resolveTarget({}, {}, [])), 'default @ no region');
  });
});

describe('the AWS setup diagnosis', () => {
  test('credentials first, then the region; phrased for the editor', () => {
    const none = awsSetupProblem({ profile: 'nobody', region: 'eu-west-1', hasCredentials: false });
    assert.equal(none?.short, 'AWS: no credentials');
    assert.match(
      none!.message,
      /^No AWS credentials were found for the profile "nobody"\. Select a profile that has them, or run `aws configure`/,
    );
    assert.equal(awsSetupProblem({ profile: 'nobody', hasCredentials: false })?.short, 'AWS: no credentials');
    const noRegion = awsSetupProblem({ profile: 'dev', hasCredentials: true });
    assert.equal(noRegion?.short, 'AWS: no region');
    assert.match(noRegion!.message, /Set a region for Lambda Workbench, or add one to the profile\.$/);
    assert.doesNotMatch(noRegion!.message, /pass|--region/);
    assert.equal(awsSetupProblem({ profile: 'dev', region: 'eu-west-1', hasCredentials: true }), undefined);
  });

  test('a call that failed names expired or missing credentials even when the files list some', () => {
    const target = { profile: 'sso', region: 'eu-west-1', hasCredentials: true };
    assert.equal(awsSetupProblem(target, 'expired')?.short, 'AWS: credentials expired');
    assert.match(awsSetupProblem(target, 'expired')!.message, /aws sso login/);
    assert.equal(awsSetupProblem(target, 'credentials')?.short, 'AWS: no credentials');
  });
});
