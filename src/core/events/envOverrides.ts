import type { FunctionSpec } from '../model';
import { parseEventJson } from './parseEventJson';

/** A SAM-style `env.json`: `Parameters` apply to every function, other keys are logical ids. */
export interface EnvOverrides {
  parameters: Record<string, string>;
  functions: Record<string, Record<string, string>>;
}

function variables(value: unknown, where: string): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`env.json: ${where} must be an object of variable names to values`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === 'string') out[name] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
    else if (v === null) out[name] = '';
    else
      throw new Error(
        `env.json: ${where}.${name} must be a string, number or boolean, got ${Array.isArray(v) ? 'a list' : 'an object'}`,
      );
  }
  return out;
}

/** Parses env.json text; malformed JSON or a wrong shape throws an error naming the line or the key. */
export function loadEnvOverrides(text: string): EnvOverrides {
  const parsed = parseEventJson(text);
  if (!parsed.ok)
    throw new Error(
      `env.json is not valid JSON at line ${parsed.line + 1}, column ${parsed.column + 1}: ${parsed.message}`,
    );
  const root = parsed.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new Error('env.json must be an object: { "Parameters": {...}, "<LogicalId>": {...} }');
  }
  const overrides: EnvOverrides = { parameters: {}, functions: {} };
  for (const [key, value] of Object.entries(root)) {
    if (key === 'Parameters') overrides.parameters = variables(value, key);
    else overrides.functions[key] = variables(value, key);
  }
  return overrides;
}

export interface EnvironmentResult {
  environment: Record<string, string>;
  /** Sentences about overrides that were ignored. */
  warnings: string[];
}

/**
 * The environment a function runs with, as `sam local` computes it: the template's values, then env.json's
 * `Parameters`, then env.json's entry for the function (by logical id, else by FunctionName) — each applied only
 * to variables the template declares — then `settingsOverrides` (editor settings), which may add variables.
 */
export function environmentFor(
  fn: Pick<FunctionSpec, 'name' | 'functionName' | 'environment'>,
  overrides?: EnvOverrides,
  settingsOverrides?: Record<string, string>,
): EnvironmentResult {
  const environment = { ...fn.environment };
  const warnings: string[] = [];
  const declared = (name: string) => Object.prototype.hasOwnProperty.call(fn.environment, name);
  for (const [name, value] of Object.entries(overrides?.parameters ?? {}))
    if (declared(name)) environment[name] = value;
  const key = overrides && (fn.name in overrides.functions ? fn.name : fn.functionName);
  const own = key !== undefined ? overrides?.functions[key] : undefined;
  if (own) {
    const ignored: string[] = [];
    for (const [name, value] of Object.entries(own)) {
      if (declared(name)) environment[name] = value;
      else ignored.push(name);
    }
    if (ignored.length > 0) {
      warnings.push(
        `env.json sets ${ignored.join(', ')} for ${key}, but the template does not declare ${ignored.length === 1 ? 'it' : 'them'} ` +
          `in the function's Environment.Variables, so ${ignored.length === 1 ? 'it was' : 'they were'} ignored (as sam local does)`,
      );
    }
  }
  Object.assign(environment, settingsOverrides);
  return { environment, warnings };
}
