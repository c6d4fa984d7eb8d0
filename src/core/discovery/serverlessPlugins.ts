import type { EventSourceSpec } from '../model';
import type { DocPath, ParsedSource } from './parsedSource';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A function that a plugin adds to a serverless.yml outside `functions:`, with the events the plugin wires to it. */
export interface PluginFunction {
  /** The function's key, as the plugin names it (`<construct>Worker`, `<construct>Authorizer`). */
  key: string;
  /** Its settings: every key a `functions:` entry takes. */
  def: Obj;
  /** Where the settings are written. */
  base: DocPath;
  events: EventSourceSpec[];
}

/**
 * Functions declared by serverless-lift constructs: a `queue` construct's `worker` (named `<id>Worker`, fed by
 * the construct's SQS queue, batch size 1 unless `batchSize` says otherwise, partial batch failures on) and a
 * `webhook` construct's `authorizer` (named `<id>Authorizer`, an HTTP API Lambda authorizer on the construct's
 * path). Lift's older top-level `queues:` form is read the same way. Other constructs (storage, static websites,
 * databases) deploy no function of their own.
 */
export function liftFunctions(root: Obj, source: ParsedSource): PluginFunction[] {
  const found: PluginFunction[] = [];
  const constructs = isObj(root.constructs)
    ? Object.entries(root.constructs).map(([id, c]) => ({ id, c, at: ['constructs', id] as DocPath }))
    : [];
  const legacyQueues = isObj(root.queues)
    ? Object.entries(root.queues).map(([id, c]) => ({
        id,
        c: isObj(c) ? { type: 'queue', ...c } : c,
        at: ['queues', id] as DocPath,
      }))
    : [];
  for (const { id, c, at } of [...constructs, ...legacyQueues]) {
    if (!isObj(c)) continue;
    if (c.type === 'queue' && isObj(c.worker)) {
      const properties: Obj = {
        Queue: `\${construct:${id}.queueArn}`,
        BatchSize: c.batchSize ?? 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        construct: id,
      };
      if (c.maxBatchingWindow !== undefined) properties.MaximumBatchingWindowInSeconds = c.maxBatchingWindow;
      if (c.maxConcurrency !== undefined) properties.ScalingConfig = { MaximumConcurrency: c.maxConcurrency };
      if (c.fifo === true) properties.fifo = true;
      found.push({
        key: `${id}Worker`,
        def: c.worker,
        base: [...at, 'worker'],
        events: [{ name: `${id}Queue`, type: 'SQS', properties, position: source.position(at) }],
      });
    }
    if (c.type === 'webhook' && isObj(c.authorizer) && c.insecure !== true) {
      found.push({
        key: `${id}Authorizer`,
        def: c.authorizer,
        base: [...at, 'authorizer'],
        events: [
          {
            name: `${id}Webhook`,
            type: 'HttpApiAuthorizer',
            properties: { Path: c.path, construct: id, PayloadFormatVersion: '2.0', EnableSimpleResponses: true },
            position: source.position(at),
          },
        ],
      });
    }
  }
  return found;
}

/**
 * The Task states of serverless-step-functions state machines (`stepFunctions.stateMachines`), as events of the
 * functions they run: `Resource: !GetAtt hello.Arn` (or `HelloLambdaFunction.Arn`, the name Serverless gives the
 * resource), `arn:aws:states:::lambda:invoke` with `Parameters.FunctionName`, or a literal function ARN or name.
 * States inside Parallel branches and Map iterators count too.
 */
export function stepFunctionTasks(
  root: Obj,
  functionNames: Map<string, string>,
  source: ParsedSource,
): Map<string, EventSourceSpec[]> {
  const byFunction = new Map<string, EventSourceSpec[]>();
  const stepFunctions = isObj(root.stepFunctions) ? root.stepFunctions : {};
  const machines = isObj(stepFunctions.stateMachines) ? stepFunctions.stateMachines : {};
  const visit = (machine: string, definition: unknown, at: DocPath) => {
    const states = isObj(definition) && isObj(definition.States) ? definition.States : {};
    for (const [state, body] of Object.entries(states)) {
      if (!isObj(body)) continue;
      const here: DocPath = [...at, 'States', state];
      if (body.Type === 'Task') {
        const key = taskFunction(body, functionNames);
        if (key) {
          const events = byFunction.get(key) ?? [];
          events.push({
            name: `${machine}.${state}`,
            type: 'StepFunctionsTask',
            properties: { StateMachine: machine, State: state },
            position: source.position(here),
          });
          byFunction.set(key, events);
        }
      }
      if (Array.isArray(body.Branches))
        body.Branches.forEach((branch, i) => visit(machine, branch, [...here, 'Branches', i]));
      for (const nested of ['Iterator', 'ItemProcessor'] as const)
        if (isObj(body[nested])) visit(machine, body[nested], [...here, nested]);
    }
  };
  for (const [machine, def] of Object.entries(machines)) {
    if (isObj(def))
      visit(isObj(def) && typeof def.name === 'string' ? def.name : machine, def.definition, [
        'stepFunctions',
        'stateMachines',
        machine,
        'definition',
      ]);
  }
  return byFunction;
}

/** The key of the function a Task state runs, given each function's key and deployed name. */
function taskFunction(task: Obj, functionNames: Map<string, string>): string | undefined {
  const resource = task.Resource;
  const parameters = isObj(task.Parameters) ? task.Parameters : {};
  const target =
    typeof resource === 'string' && resource.startsWith('arn:aws:states:::lambda:invoke')
      ? (parameters.FunctionName ?? parameters['FunctionName.$'])
      : resource;
  const att = isObj(target) ? target['Fn::GetAtt'] : undefined;
  const logical = Array.isArray(att) ? String(att[0]) : typeof att === 'string' ? att.split('.')[0] : undefined;
  for (const [key, deployed] of functionNames) {
    if (logical !== undefined && (logical === key || logical === `${normalizedName(key)}LambdaFunction`)) return key;
    if (
      typeof target === 'string' &&
      (target === deployed || target.endsWith(`:function:${deployed}`) || target === key)
    )
      return key;
  }
  return undefined;
}

/** How Serverless turns a function key into a CloudFormation logical id prefix: `my-fn_a` → `MyDashfnUnderscorea`. */
function normalizedName(key: string): string {
  const replaced = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}
