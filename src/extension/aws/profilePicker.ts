import * as vscode from 'vscode';
import type { AwsContext } from './awsContext';
import { LAMBDA_REGIONS, resolveTarget, type AwsProfile } from './profiles';

type Choice = vscode.QuickPickItem & { value: string };

const SOURCES: Record<AwsProfile['source'], string> = {
  keys: 'access keys',
  sso: 'SSO',
  role: 'assumes a role',
  process: 'credential process',
  none: 'no credentials',
};

/** Picks a profile (the default chain, or one of the shared files) and then a region, saved in the settings. */
export async function selectProfileAndRegion(aws: AwsContext): Promise<boolean> {
  const profiles = await aws.profiles();
  const current = aws.settings();
  const chain = resolveTarget({}, process.env, profiles);
  const profileItems: Choice[] = [
    {
      label: '$(key) Default credential chain',
      description: `now: ${chain.profile}`,
      detail:
        'AWS_PROFILE, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the default profile, SSO or instance credentials',
      value: '',
    },
    ...profiles.map((p) => ({
      label: p.name,
      description: [SOURCES[p.source], p.region].filter(Boolean).join(' · '),
      value: p.name,
    })),
  ];
  for (const item of profileItems) item.picked = item.value === (current.profile ?? '');
  const profile = await vscode.window.showQuickPick(profileItems, {
    title: 'AWS profile for Lambda Workbench (1/2)',
    placeHolder: `Current: ${current.profile ?? 'default credential chain'}`,
  });
  if (!profile) return false;

  const fromProfile = resolveTarget({ profile: profile.value || undefined }, process.env, profiles).region;
  const regionItems: Choice[] = [
    { label: '$(globe) From the profile or environment', description: fromProfile ?? 'none set', value: '' },
    ...LAMBDA_REGIONS.map((r) => ({ label: r, value: r })),
    { label: '$(edit) Another region…', value: '?' },
  ];
  const region = await vscode.window.showQuickPick(regionItems, {
    title: 'AWS region (2/2)',
    placeHolder: `Current: ${current.region ?? fromProfile ?? 'not set'}`,
  });
  if (!region) return false;
  let regionValue = region.value;
  if (regionValue === '?') {
    const typed = await vscode.window.showInputBox({
      title: 'AWS region',
      placeHolder: 'e.g. eu-west-1',
      validateInput: (v) =>
        /^[a-z]{2}(-[a-z]+)+-\d+$/.test(v.trim()) ? undefined : 'A region looks like eu-west-1 or us-gov-west-1',
    });
    if (!typed) return false;
    regionValue = typed.trim();
  }
  await save('profile', profile.value);
  await save('region', regionValue);
  return true;
}

/**
 * Saves where the value is set now: the workspace's settings when they set it (and the workspace is trusted, so they
 * count), else the user's.
 */
async function save(key: 'profile' | 'region', value: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('lambdaWorkbench.aws');
  const inWorkspace = vscode.workspace.isTrusted && config.inspect<string>(key)?.workspaceValue !== undefined;
  await config.update(
    key,
    value || undefined,
    inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
  );
}
