import { logicalIdOf } from '../discovery/nestedStacks';
import type { FunctionSpec } from '../model';
import { isRecord, loadTemplate, referencedId, valueText } from '../local/cfnTemplate';
import type { AsyncDestinations } from './types';

/**
 * The asynchronous-invocation settings a template gives a function: SAM's `EventInvokeConfig` and `DeadLetterQueue`
 * (from the function or Globals.Function), CloudFormation's `AWS::Lambda::EventInvokeConfig` resources and
 * `DeadLetterConfig`, or serverless.yml's `destinations`, `onError`, `maximumRetryAttempts` and `maximumEventAge`.
 */
export function destinationsFromTemplate(
  template: Record<string, unknown>,
  fn: FunctionSpec,
): AsyncDestinations | undefined {
  if (fn.source === 'serverless') return fromServerless(template, fn.name);
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const logicalId = logicalIdOf(fn);
  const resource = resources[logicalId];
  const props = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
  const globals = isRecord(template.Globals) && isRecord(template.Globals.Function) ? template.Globals.Function : {};
  const result: AsyncDestinations = {};
  readEventInvokeConfig(globals.EventInvokeConfig, result);
  readEventInvokeConfig(props.EventInvokeConfig, result);
  for (const other of Object.values(resources)) {
    if (!isRecord(other) || other.Type !== 'AWS::Lambda::EventInvokeConfig' || !isRecord(other.Properties)) continue;
    if (
      referencedId(other.Properties.FunctionName) === logicalId ||
      other.Properties.FunctionName === fn.functionName
    ) {
      readEventInvokeConfig(other.Properties, result);
    }
  }
  const dlq = props.DeadLetterQueue ?? props.DeadLetterConfig ?? globals.DeadLetterQueue;
  if (isRecord(dlq)) result.deadLetterQueue = valueText(dlq.TargetArn) ?? result.deadLetterQueue;
  return Object.keys(result).length ? result : undefined;
}

/** Reads the template of `fn` from disk (fn.templatePath); undefined for bare handlers and templates without settings. */
export function destinationsFor(fn: FunctionSpec): AsyncDestinations | undefined {
  return fn.templatePath ? destinationsFromTemplate(loadTemplate(fn.templatePath), fn) : undefined;
}

/**
 * A `destinationFor` for AsyncInvoker that reads each template once. Bad templates throw when the first event
 * of an affected function settles, with the file name in the message.
 */
export function cachedDestinations(): (fn: FunctionSpec) => AsyncDestinations | undefined {
  const cache = new Map<string, AsyncDestinations | undefined>();
  return (fn) => {
    if (!cache.has(fn.id)) cache.set(fn.id, destinationsFor(fn));
    return cache.get(fn.id);
  };
}

function readEventInvokeConfig(config: unknown, into: AsyncDestinations): void {
  if (!isRecord(config)) return;
  const destinations = isRecord(config.DestinationConfig) ? config.DestinationConfig : {};
  const success = isRecord(destinations.OnSuccess) ? valueText(destinations.OnSuccess.Destination) : undefined;
  const failure = isRecord(destinations.OnFailure) ? valueText(destinations.OnFailure.Destination) : undefined;
  if (success) into.onSuccess = success;
  if (failure) into.onFailure = failure;
  const retries = Number(config.MaximumRetryAttempts);
  if (config.MaximumRetryAttempts !== undefined && Number.isInteger(retries)) into.maximumRetryAttempts = retries;
  const age = Number(config.MaximumEventAgeInSeconds);
  if (config.MaximumEventAgeInSeconds !== undefined && age > 0) into.maximumEventAgeInSeconds = age;
}

function fromServerless(doc: Record<string, unknown>, name: string): AsyncDestinations | undefined {
  const functions = isRecord(doc.functions) ? doc.functions : {};
  const fn = functions[name];
  if (!isRecord(fn)) return undefined;
  const result: AsyncDestinations = {};
  const destinations = isRecord(fn.destinations) ? fn.destinations : {};
  const success = serverlessTarget(destinations.onSuccess);
  const failure = serverlessTarget(destinations.onFailure);
  if (success) result.onSuccess = success;
  if (failure) result.onFailure = failure;
  const dlq = valueText(fn.onError);
  if (dlq) result.deadLetterQueue = dlq;
  if (Number.isInteger(fn.maximumRetryAttempts)) result.maximumRetryAttempts = fn.maximumRetryAttempts as number;
  if (typeof fn.maximumEventAge === 'number') result.maximumEventAgeInSeconds = fn.maximumEventAge;
  return Object.keys(result).length ? result : undefined;
}

/** serverless.yml destinations are a function name, an ARN, or `{ type, arn }`. */
function serverlessTarget(value: unknown): string | undefined {
  if (isRecord(value)) return valueText(value.arn);
  return valueText(value);
}
