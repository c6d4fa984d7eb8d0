import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { AwsErrorKind, ConfigChange } from '../../core/aws';
import { isWorkbenchError, type WorkbenchError } from '../../core/errors';
import { LAMBDA_DEFAULTS, type Architecture, type FunctionSpec } from '../../core/model';

/** The AWS console page of a function (or of one of its versions or aliases) in its region and partition. */
export function consoleUrl(region: string, functionName: string, qualifier?: string): string {
  const host = region.startsWith('cn-')
    ? `${region}.console.amazonaws.cn`
    : region.startsWith('us-gov-')
      ? 'console.amazonaws-us-gov.com'
      : `${region}.console.aws.amazon.com`;
  const name = encodeURIComponent(functionName);
  const tail =
    !qualifier || qualifier === '$LATEST'
      ? ''
      : /^\d+$/.test(qualifier)
        ? `/versions/${qualifier}`
        : `/aliases/${encodeURIComponent(qualifier)}`;
  return `https://${host}/lambda/home?region=${encodeURIComponent(region)}#/functions/${name}${tail}`;
}

/** Lambda's LastModified (`2024-05-01T10:20:30.000+0000`) as `2024-05-01 10:20` UTC, or the text itself. */
export function formatLastModified(lastModified: string | undefined): string {
  if (!lastModified) return 'unknown';
  const time = Date.parse(lastModified.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(time)) return lastModified;
  return new Date(time).toISOString().slice(0, 16).replace('T', ' ');
}

/** The one-line description of a deployed function in the tree: runtime, memory and last change. */
export function describeRemoteFunction(config: FunctionConfiguration): string {
  const runtime = config.Runtime ?? (config.PackageType === 'Image' ? 'container image' : 'unknown runtime');
  return `${runtime} · ${config.MemorySize ?? LAMBDA_DEFAULTS.memorySize} MB · ${formatLastModified(config.LastModified)}`;
}

/** The key settings of a deployed function, as the tree's Configuration node lists them. Values of variables are never shown. */
export function configurationRows(config: FunctionConfiguration): Array<{ label: string; value: string }> {
  const rows = [
    { label: 'Runtime', value: config.Runtime ?? config.PackageType ?? 'unknown' },
    { label: 'Handler', value: config.Handler ?? '(none)' },
    { label: 'Memory', value: `${config.MemorySize ?? LAMBDA_DEFAULTS.memorySize} MB` },
    { label: 'Timeout', value: `${config.Timeout ?? LAMBDA_DEFAULTS.timeout} s` },
    { label: 'Architectures', value: (config.Architectures ?? [LAMBDA_DEFAULTS.architecture]).join(', ') },
    { label: 'Code size', value: `${config.CodeSize ?? 0} bytes` },
    { label: 'Last modified', value: `${formatLastModified(config.LastModified)} UTC` },
    { label: 'State', value: [config.State, config.LastUpdateStatus].filter(Boolean).join(', ') || 'unknown' },
    { label: 'Role', value: config.Role ?? '(none)' },
  ];
  const variables = Object.keys(config.Environment?.Variables ?? {}).sort();
  if (variables.length) rows.push({ label: 'Environment', value: variables.join(', ') });
  if (config.Layers?.length) rows.push({ label: 'Layers', value: config.Layers.map((l) => l.Arn ?? '').join(', ') });
  return rows;
}

/**
 * A function spec standing for a deployed function, for what is shared with local runs (the result panel and its
 * cost estimate). Its id is `remote:<region>:<name>`, so it never collides with a workspace function.
 */
export function remoteSpec(
  config: FunctionConfiguration,
  region: string | undefined,
  qualifier?: string,
): FunctionSpec {
  const name = config.FunctionName ?? 'function';
  const label = `${name}${qualifier && qualifier !== '$LATEST' ? `:${qualifier}` : ''} (${region ?? 'AWS'})`;
  return {
    id: `remote:${region ?? ''}:${name}${qualifier ? `:${qualifier}` : ''}`,
    name: label,
    functionName: name,
    source: 'handler',
    runtime: config.Runtime ?? 'provided.al2023',
    handler: config.Handler ?? '',
    codeDir: '',
    memorySize: config.MemorySize ?? LAMBDA_DEFAULTS.memorySize,
    timeout: config.Timeout ?? LAMBDA_DEFAULTS.timeout,
    environment: {},
    architectures: (config.Architectures ?? [LAMBDA_DEFAULTS.architecture]) as Architecture[],
    layers: [],
    logFormat: LAMBDA_DEFAULTS.logFormat,
    events: [],
  };
}

/** The lines of the configuration-change confirmation; the core's summaries already leave environment values out. */
export function describeChanges(
  functionName: string,
  changes: readonly ConfigChange[],
): { message: string; detail: string } {
  return {
    message: `Deploying ${functionName} changes ${changes.length === 1 ? 'one setting' : `${changes.length} settings`} of the deployed function.`,
    detail: changes.map((c) => `• ${c.summary}`).join('\n'),
  };
}

/** The kind of an AwsError (an `aws` or `cancelled` error of the vocabulary that carries one), or undefined for other errors. */
export function awsErrorKind(error: unknown): AwsErrorKind | undefined {
  if (isWorkbenchError(error) && 'kind' in error && 'awsCode' in error)
    return (error as WorkbenchError & { kind: AwsErrorKind }).kind;
  return undefined;
}
