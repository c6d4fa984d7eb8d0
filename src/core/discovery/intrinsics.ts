/**
 * Local evaluation of CloudFormation intrinsic functions, the way `sam local` does it: parameters resolve to their
 * defaults, pseudo parameters to fixed local values, and anything that needs a deployed stack stays unresolved.
 */

/** What a template declares that intrinsics may refer to. */
export interface IntrinsicContext {
  /** Parameter name → value (its Default, or an override). */
  parameters: Record<string, unknown>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  region: string;
  accountId: string;
}

/** Raised for a value that can only be known once deployed (a resource's `!Ref`, `!GetAtt`, `!ImportValue`...). */
export class UnresolvedError extends Error {}

/** Marks `!Ref AWS::NoValue`: the property is to be left out. */
export const NO_VALUE = Symbol('AWS::NoValue');

export function pseudoParameters(ctx: IntrinsicContext): Record<string, unknown> {
  return {
    'AWS::Region': ctx.region,
    'AWS::AccountId': ctx.accountId,
    'AWS::Partition': ctx.region.startsWith('cn-') ? 'aws-cn' : 'aws',
    'AWS::URLSuffix': ctx.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::StackName': 'local',
    'AWS::StackId': `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/local/51af3dc0-da77-11e4-872e-1234567db123`,
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

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UnresolvedError(`${what} expects a list`);
  return value;
}

function ref(name: unknown, ctx: IntrinsicContext): unknown {
  if (typeof name !== 'string') throw new UnresolvedError(`Ref expects a name, got ${describe(name)}`);
  const pseudo = pseudoParameters(ctx);
  if (name in pseudo) return pseudo[name];
  if (name in ctx.parameters) return ctx.parameters[name];
  throw new UnresolvedError(`!Ref ${name} names a resource (or a parameter with no Default), known only once deployed`);
}

function sub(arg: unknown, ctx: IntrinsicContext): string {
  const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof template !== 'string') throw new UnresolvedError('Fn::Sub expects a string');
  const locals = (vars ?? {}) as Record<string, unknown>;
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_match, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    const key = name.trim();
    if (key in locals) return String(resolveIntrinsics(locals[key], ctx));
    if (key.includes('.') && !key.startsWith('AWS::')) {
      throw new UnresolvedError(`\${${key}} is a resource attribute, known only once deployed`);
    }
    const value = ref(key, ctx);
    return Array.isArray(value) ? value.join(',') : String(value);
  });
}

function condition(name: unknown, ctx: IntrinsicContext): boolean {
  if (typeof name !== 'string' || !(name in ctx.conditions)) {
    throw new UnresolvedError(`condition ${describe(name)} is not declared in Conditions`);
  }
  return Boolean(resolveIntrinsics(ctx.conditions[name], ctx));
}

function call(fn: string, arg: unknown, ctx: IntrinsicContext): unknown {
  const r = (v: unknown) => resolveIntrinsics(v, ctx);
  switch (fn) {
    case 'Ref':
      return ref(arg, ctx);
    case 'Condition':
      return condition(arg, ctx);
    case 'Fn::Sub':
      return sub(arg, ctx);
    case 'Fn::Join': {
      const [delimiter, items] = asList(arg, 'Fn::Join');
      return asList(r(items), 'Fn::Join').map((item) => String(r(item))).join(String(delimiter));
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
      const value = (ctx.mappings[String(map)] as Record<string, Record<string, unknown>> | undefined)?.[String(top)]?.[
        String(second)
      ];
      if (value === undefined) throw new UnresolvedError(`Fn::FindInMap finds nothing at ${map}.${top}.${second}`);
      return value;
    }
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = asList(arg, 'Fn::If');
      return r(condition(name, ctx) ? whenTrue : whenFalse);
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
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, ctx)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const intrinsic = only(value as Record<string, unknown>);
  if (intrinsic) return call(intrinsic[0], intrinsic[1], ctx);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const resolved = resolveIntrinsics(v, ctx);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
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

/** The context for a template: parameter defaults (overridable), Mappings, Conditions. */
export function contextFor(
  template: Record<string, unknown>,
  options: { parameterOverrides?: Record<string, string>; region?: string; accountId?: string } = {},
): IntrinsicContext {
  const parameters: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries((template.Parameters ?? {}) as Record<string, { Default?: unknown; Type?: unknown }>)) {
    if (!decl || typeof decl !== 'object' || decl.Default === undefined) continue;
    const list = typeof decl.Type === 'string' && (decl.Type === 'CommaDelimitedList' || decl.Type.startsWith('List<'));
    parameters[name] = list && typeof decl.Default === 'string' ? decl.Default.split(',').map((s) => s.trim()) : decl.Default;
  }
  Object.assign(parameters, options.parameterOverrides);
  return {
    parameters,
    mappings: (template.Mappings ?? {}) as Record<string, unknown>,
    conditions: (template.Conditions ?? {}) as Record<string, unknown>,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
  };
}
