import type { FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import { LAMBDA_DEFAULTS, type FunctionSpec } from '../model';
import type { EnvironmentChange } from './deployPlan';
import type { ConfigChange } from './types';

/**
 * The settings of the template that differ from the deployed function: memory, timeout, environment, layers,
 * architectures, handler, runtime and (when the template names one) the role. Settings the template does not
 * control are left alone.
 */
export function diffConfiguration(fn: FunctionSpec, remote: FunctionConfiguration): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const simple = (field: ConfigChange['field'], label: string, from: unknown, to: unknown) => {
    if (from !== to)
      changes.push({ field, label, from, to, summary: `${label}: ${String(from ?? '(none)')} → ${String(to)}` });
  };
  simple('memorySize', 'Memory (MB)', remote.MemorySize, fn.memorySize);
  simple('timeout', 'Timeout (s)', remote.Timeout, fn.timeout);
  simple('handler', 'Handler', remote.Handler, fn.handler);
  simple('runtime', 'Runtime', remote.Runtime, fn.runtime);
  if (fn.role) simple('role', 'Role', remote.Role, fn.role);

  const remoteEnv = remote.Environment?.Variables ?? {};
  const envSummary = describeEnvironmentChange(environmentChange(remoteEnv, fn.environment));
  if (envSummary)
    changes.push({
      field: 'environment',
      label: 'Environment',
      from: remoteEnv,
      to: { ...fn.environment },
      summary: `Environment: ${envSummary}`,
    });

  const remoteLayers = (remote.Layers ?? []).map((layer) => layer.Arn ?? '');
  if (remoteLayers.join('\n') !== fn.layers.join('\n')) {
    changes.push({
      field: 'layers',
      label: 'Layers',
      from: remoteLayers,
      to: [...fn.layers],
      summary: `Layers: ${list(remoteLayers)} → ${list(fn.layers)}`,
    });
  }

  const remoteArch = remote.Architectures?.length ? remote.Architectures : [LAMBDA_DEFAULTS.architecture];
  const localArch = fn.architectures.length ? fn.architectures : [LAMBDA_DEFAULTS.architecture];
  if (remoteArch.join(',') !== localArch.join(',')) {
    changes.push({
      field: 'architectures',
      label: 'Architectures',
      from: remoteArch,
      to: localArch,
      summary: `Architectures: ${list(remoteArch)} → ${list(localArch)}`,
    });
  }
  return changes;
}

/**
 * The UpdateFunctionConfiguration request for the changes, without architectures (Lambda only takes those with
 * UpdateFunctionCode). Undefined when there is nothing for it to change.
 */
export function configurationUpdate(
  functionName: string,
  changes: readonly ConfigChange[],
): UpdateFunctionConfigurationRequest | undefined {
  const request: UpdateFunctionConfigurationRequest = { FunctionName: functionName };
  let any = false;
  for (const change of changes) {
    any ||= change.field !== 'architectures';
    if (change.field === 'memorySize') request.MemorySize = change.to as number;
    else if (change.field === 'timeout') request.Timeout = change.to as number;
    else if (change.field === 'handler') request.Handler = change.to as string;
    else if (change.field === 'runtime') request.Runtime = change.to as UpdateFunctionConfigurationRequest['Runtime'];
    else if (change.field === 'role') request.Role = change.to as string;
    else if (change.field === 'environment') request.Environment = { Variables: change.to as Record<string, string> };
    else if (change.field === 'layers') request.Layers = change.to as string[];
  }
  return any ? request : undefined;
}

/** The names of the variables added, removed and changed (values may be secrets, so only names). */
export function environmentChange(from: Record<string, string>, to: Record<string, string>): EnvironmentChange {
  return {
    added: Object.keys(to)
      .filter((k) => !(k in from))
      .sort(),
    removed: Object.keys(from)
      .filter((k) => !(k in to))
      .sort(),
    changed: Object.keys(to)
      .filter((k) => k in from && from[k] !== to[k])
      .sort(),
  };
}

/** `added A; removed B; changed C`. */
function describeEnvironmentChange(change: EnvironmentChange): string {
  const parts = [
    change.added.length ? `added ${change.added.join(', ')}` : '',
    change.removed.length ? `removed ${change.removed.join(', ')}` : '',
    change.changed.length ? `changed ${change.changed.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

function list(items: readonly string[]): string {
  return items.length ? items.join(', ') : '(none)';
}
