/**
 * Local evaluation of CloudFormation intrinsic functions, the way `sam local` does it: parameters resolve to their
 * defaults, pseudo parameters to fixed local values, and anything that needs a deployed stack stays unresolved.
 */

import { DEFAULT_REGION, partition, PLACEHOLDER_ACCOUNT_ID, type ResolutionOptions } from './resolution';
import { resourceAttribute, resourceRef, where } from './resourceValues';

/** What a template declares that intrinsics may refer to. */
export interface IntrinsicContext {
  /** Parameter name → value (its Default, or an override). */
  parameters: Record<string, unknown>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  region: string;
  accountId: string;
  stackName: string;
  /**
   * The template's resources, when `!Ref`/`!GetAtt` of them should take their local stand-in values (see
   * resourceValues.ts): set for environment variables only, so that a role or a layer never gets a made-up ARN.
   */
  resources?: Record<string, unknown>;
  /** Pseudo parameters the template referred to, so that a placeholder is mentioned only where it was used. */
  usedPseudo?: Set<string>;
  /** Conditions already evaluated (each once, however many others refer to it), and those being evaluated now. */
  conditionValues?: Map<string, boolean | UnresolvedError>;
  evaluating?: string[];
}

/** Raised for a value that can only be known once deployed (a resource's `!Ref`, `!GetAtt`, `!ImportValue`...). */
export class UnresolvedError extends Error {}

/** A condition that refers back to itself: CloudFormation rejects the template; locally it has no value. */
export class CircularConditionError extends UnresolvedError {
  constructor(readonly cycle: string[]) {
    super(`condition ${cycle[0]} refers to itself (${cycle.join(' → ')})`);
  }
}

/** How deeply values may nest: far past any real template, short of exhausting the call stack. */
export const MAX_NESTING = 200;

/** Marks `!Ref AWS::NoValue`: the property is to be left out. */
export const NO_VALUE = Symbol('AWS::NoValue');

export function pseudoParameters(ctx: IntrinsicContext): Record<string, unknown> {
  return {
    'AWS::Region': ctx.region,
    'AWS::AccountId': ctx.accountId,
    'AWS::Partition': partition(ctx.region),
    'AWS::URLSuffix': ctx.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::StackName': ctx.stackName,
    'AWS::StackId': `arn:${partition(ctx.region)}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/51af3dc0-da77-11e4-872e-1234567db123`,
    'AWS::NotificationARNs': [],
    'AWS::NoValue': NO_VALUE,
  };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function only(value: Record<string, unknown>): [string, unknown] | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'))
    ? [keys[0], value[keys[0]]]
    : undefined;
}

/** `table[key]` for the table's own keys only (`constructor` or `__proto__` in a template are just names). */
function own(table: unknown, key: unknown): unknown {
  return table !== null && typeof table === 'object' && Object.hasOwn(table, String(key))
    ? (table as Record<string, unknown>)[String(key)]
    : undefined;
}

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UnresolvedError(`${what} expects a list`);
  return value;
}

function ref(name: unknown, ctx: IntrinsicContext): unknown {
  if (typeof name !== 'string') throw new UnresolvedError(`Ref expects a name, got ${describe(name)}`);
  const pseudo = pseudoParameters(ctx);
  if (Object.hasOwn(pseudo, name)) {
    ctx.usedPseudo?.add(name);
    return pseudo[name];
  }
  if (Object.hasOwn(ctx.parameters, name)) return ctx.parameters[name];
  const resource = declaredResource(name, ctx);
  if (resource)
    return resourceRef(name, resource, where(ctx.region, ctx.accountId), (v) =>
      tryResolve(v, { ...ctx, resources: undefined }),
    );
  throw new UnresolvedError(`!Ref ${name} names a resource (or a parameter with no Default), known only once deployed`);
}

function declaredResource(name: string, ctx: IntrinsicContext): Record<string, unknown> | undefined {
  const resource = ctx.resources && Object.hasOwn(ctx.resources, name) ? ctx.resources[name] : undefined;
  return resource !== null && typeof resource === 'object' && !Array.isArray(resource)
    ? (resource as Record<string, unknown>)
    : undefined;
}

function getAtt(logicalId: unknown, attribute: unknown, ctx: IntrinsicContext): string {
  const resource = typeof logicalId === 'string' ? declaredResource(logicalId, ctx) : undefined;
  const value =
    resource && typeof attribute === 'string'
      ? resourceAttribute(logicalId as string, resource, attribute, where(ctx.region, ctx.accountId), (v) =>
          tryResolve(v, { ...ctx, resources: undefined }),
        )
      : undefined;
  if (value === undefined)
    throw new UnresolvedError(`!GetAtt ${String(logicalId)}.${String(attribute)} is known only once deployed`);
  return value;
}

function sub(arg: unknown, ctx: IntrinsicContext, depth: number): string {
  const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof template !== 'string') throw new UnresolvedError('Fn::Sub expects a string');
  const locals = (vars ?? {}) as Record<string, unknown>;
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_match, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    const key = name.trim();
    if (Object.hasOwn(locals, key)) return String(resolveAt(locals[key], ctx, depth + 1));
    if (key.includes('.') && !key.startsWith('AWS::')) {
      const dot = key.indexOf('.');
      if (ctx.resources) return getAtt(key.slice(0, dot), key.slice(dot + 1), ctx);
      throw new UnresolvedError(`\${${key}} is a resource attribute, known only once deployed`);
    }
    const value = ref(key, ctx);
    return Array.isArray(value) ? value.join(',') : String(value);
  });
}

function condition(name: unknown, ctx: IntrinsicContext, depth: number): boolean {
  if (typeof name !== 'string' || !Object.hasOwn(ctx.conditions, name)) {
    throw new UnresolvedError(`condition ${describe(name)} is not declared in Conditions`);
  }
  const values = (ctx.conditionValues ??= new Map());
  const known = values.get(name);
  if (known instanceof UnresolvedError) throw known;
  if (known !== undefined) return known;
  const evaluating = (ctx.evaluating ??= []);
  if (evaluating.includes(name))
    throw new CircularConditionError([...evaluating.slice(evaluating.indexOf(name)), name]);
  evaluating.push(name);
  try {
    const value = Boolean(resolveAt(ctx.conditions[name], ctx, depth + 1));
    values.set(name, value);
    return value;
  } catch (error) {
    if (error instanceof UnresolvedError) values.set(name, error);
    throw error;
  } finally {
    evaluating.pop();
  }
}

function call(fn: string, arg: unknown, ctx: IntrinsicContext, depth: number): unknown {
  const r = (v: unknown) => resolveAt(v, ctx, depth + 1);
  switch (fn) {
    case 'Ref':
      return ref(arg, ctx);
    case 'Condition':
      return condition(arg, ctx, depth);
    case 'Fn::Sub':
      return sub(arg, ctx, depth);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] =
        typeof arg === 'string'
          ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)]
          : asList(arg, 'Fn::GetAtt').map(r);
      return getAtt(logicalId, attribute, ctx);
    }
    case 'Fn::Join': {
      const [delimiter, items] = asList(arg, 'Fn::Join');
      return asList(r(items), 'Fn::Join')
        .map((item) => String(r(item)))
        .join(String(delimiter));
    }
    case 'Fn::Select': {
      const [index, items] = asList(arg, 'Fn::Select');
      const list = asList(r(items), 'Fn::Select');
      const i = Number(r(index));
      if (!(i >= 0 && i < list.length)) throw new UnresolvedError(`Fn::Select index ${i} is out of range`);
      return r(list[i]);
    }
    case 'Fn::Split': {
      const [delimiter, source] = asList(arg, 'Fn::Split');
      return String(r(source)).split(String(delimiter));
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = asList(arg, 'Fn::FindInMap').map(r);
      const value = own(own(own(ctx.mappings, map), top), second);
      if (value === undefined) throw new UnresolvedError(`Fn::FindInMap finds nothing at ${map}.${top}.${second}`);
      return value;
    }
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = asList(arg, 'Fn::If');
      return r(condition(name, ctx, depth) ? whenTrue : whenFalse);
    }
    case 'Fn::Equals': {
      const [a, b] = asList(arg, 'Fn::Equals').map(r);
      return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
    }
    case 'Fn::Not':
      return !r(asList(arg, 'Fn::Not')[0]);
    case 'Fn::And':
      return asList(arg, 'Fn::And').every((v) => Boolean(r(v)));
    case 'Fn::Or':
      return asList(arg, 'Fn::Or').some((v) => Boolean(r(v)));
    case 'Fn::Base64':
      return Buffer.from(String(r(arg))).toString('base64');
    case 'Fn::GetAZs': {
      const region = String(r(arg) || ctx.region);
      return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    case 'Fn::ToJsonString':
      return JSON.stringify(r(arg));
    case 'Fn::Length':
      return asList(r(arg), 'Fn::Length').length;
    default:
      throw new UnresolvedError(`${fn} ${describe(arg)} is known only once deployed`);
  }
}

/**
 * Evaluates every intrinsic function inside `value`.
 * Throws UnresolvedError naming the first part that cannot be known locally.
 */
export function resolveIntrinsics(value: unknown, ctx: IntrinsicContext): unknown {
  return resolveAt(value, ctx, 0);
}

function resolveAt(value: unknown, ctx: IntrinsicContext, depth: number): unknown {
  if (depth > MAX_NESTING) throw new UnresolvedError(`the value nests more than ${MAX_NESTING} levels deep`);
  if (Array.isArray(value)) return value.map((v) => resolveAt(v, ctx, depth + 1)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const intrinsic = only(value as Record<string, unknown>);
  if (intrinsic) return call(intrinsic[0], intrinsic[1], ctx, depth);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const resolved = resolveAt(v, ctx, depth + 1);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** Every condition of the context that refers back to itself, each cycle once, for a diagnostic at its name. */
export function circularConditions(ctx: IntrinsicContext): Array<{ name: string; cycle: string[] }> {
  const found: Array<{ name: string; cycle: string[] }> = [];
  const reported = new Set<string>();
  for (const name of Object.keys(ctx.conditions)) {
    try {
      condition(name, ctx, 0);
    } catch (error) {
      if (!(error instanceof CircularConditionError) || reported.has(error.cycle[0])) continue;
      error.cycle.forEach((member) => reported.add(member));
      found.push({ name: error.cycle[0], cycle: error.cycle });
    }
  }
  return found;
}

/** Like resolveIntrinsics, but answers undefined instead of throwing. */
export function tryResolve(value: unknown, ctx: IntrinsicContext): unknown {
  try {
    const resolved = resolveIntrinsics(value, ctx);
    return resolved === NO_VALUE ? undefined : resolved;
  } catch (error) {
    if (error instanceof UnresolvedError) return undefined;
    throw error;
  }
}

/** The context for a template: parameter defaults (overridden by the user's), Mappings, Conditions, pseudo parameters. */
export function contextFor(template: Record<string, unknown>, options: ResolutionOptions = {}): IntrinsicContext {
  const parameters: Record<string, unknown> = {};
  const declared = (template.Parameters ?? {}) as Record<string, { Default?: unknown; Type?: unknown }>;
  const isList = (name: string) => {
    const type = declared[name]?.Type;
    return typeof type === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'));
  };
  for (const [name, decl] of Object.entries(declared)) {
    if (!decl || typeof decl !== 'object' || decl.Default === undefined) continue;
    parameters[name] =
      isList(name) && typeof decl.Default === 'string' ? decl.Default.split(',').map((s) => s.trim()) : decl.Default;
  }
  for (const [name, value] of Object.entries(options.parameterOverrides ?? {})) {
    parameters[name] = isList(name) && typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  }
  return {
    parameters,
    mappings: (template.Mappings ?? {}) as Record<string, unknown>,
    conditions: (template.Conditions ?? {}) as Record<string, unknown>,
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? PLACEHOLDER_ACCOUNT_ID,
    stackName: options.stackName ?? 'local',
    usedPseudo: new Set(),
  };
}
