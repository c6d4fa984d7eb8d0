/**
 * Settings that choose where AWS credentials go or what runs. They are `restrictedConfigurations` in package.json;
 * in an untrusted workspace only the user's own value of each counts, never one a cloned folder brings along.
 */
export const RESTRICTED_SETTINGS = [
  'lambdaWorkbench.aws.endpoint',
  'lambdaWorkbench.aws.profile',
  'lambdaWorkbench.aws.region',
  'lambdaWorkbench.nodePath',
  'lambdaWorkbench.pythonPath',
  'lambdaWorkbench.envVarsFile',
  'lambdaWorkbench.environment',
] as const;

/** The values of one setting by scope, as `WorkspaceConfiguration.inspect` returns them. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The part of `vscode.WorkspaceConfiguration` the reader needs. */
export interface InspectableConfiguration {
  inspect<T>(key: string): InspectedSetting<T> | undefined;
}

/**
 * A setting's value: the most specific scope that sets it when the workspace is trusted; for a restricted setting in
 * an untrusted workspace, the user's (global) value, else the default. `section` is the configuration's section
 * (`lambdaWorkbench` or `lambdaWorkbench.aws`) and `key` the rest of the name.
 */
export function readSetting<T>(
  config: InspectableConfiguration,
  section: string,
  key: string,
  trusted: boolean,
): T | undefined {
  const values = config.inspect<T>(key);
  if (!values) return undefined;
  const restricted = (RESTRICTED_SETTINGS as readonly string[]).includes(`${section}.${key}`);
  if (trusted || !restricted)
    return values.workspaceFolderValue ?? values.workspaceValue ?? values.globalValue ?? values.defaultValue;
  return values.globalValue ?? values.defaultValue;
}
