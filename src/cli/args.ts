import { parseArgs as parseWithNode } from 'node:util';
import { UsageError } from './command';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** The option a node:util parseArgs error names (`'--port'`, `'-x'`), for a message in this CLI's words. */
function optionIn(message: string): string {
  return /'(-{1,2}[^' =<]+)/.exec(message)?.[1] ?? 'an option';
}

function usageError(error: unknown): UsageError {
  const { code, message } = error as { code?: string; message: string };
  const option = optionIn(message);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`);
      if (/ambiguous/.test(message))
        return new UsageError(`${option} needs a value (write ${option}=<value> for one that starts with -)`);
      return new UsageError(`${option} needs a value`);
    default:
      return new UsageError(message);
  }
}

/**
 * Parses a command's arguments with node:util parseArgs in strict mode: `--name value`, `--name=value`, boolean
 * `--name` flags (listed in `booleans`) and `--help`/`-h`. Any flag not listed is a usage error, so a typo never
 * silently changes what a command does; a string flag without its value is one too.
 */
export function parseArgs(args: string[], known: string[], booleans: string[] = []): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of known) options[name] = { type: 'string' };
  for (const name of booleans) options[name] = { type: 'boolean' };
  let parsed;
  try {
    parsed = parseWithNode({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError(error);
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') flags.set(name, value);
    else if (value === true) flags.set(name, true);
  }
  return { positionals: parsed.positionals, flags };
}

/** The string value of a flag, or undefined. */
export function flag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** A flag that must be a whole number in a range. */
export function intFlag(parsed: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const value = flag(parsed, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
