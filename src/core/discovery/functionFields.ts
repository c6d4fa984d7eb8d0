import { LAMBDA_DEFAULTS, type Architecture, type Diagnostic, type LogFormat } from '../model';
import type { DocPath, ParsedSource } from './parsedSource';
import { checkMemory, checkRuntime, checkTimeout, toNumber } from './validate';

/** A value read from a document together with the path it was read from, for diagnostics. */
export interface Located {
  value: unknown;
  path: DocPath;
}

/** An environment variable as written, with who declares it when that is not the function (Globals, provider). */
export interface EnvVariable {
  name: string;
  value: unknown;
  path: DocPath;
  owner?: string;
}

/** Collects diagnostics for one parsed file, each distinct one once (shared settings are read per function). */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly source: ParsedSource) {}

  add(path: DocPath, severity: Diagnostic['severity'], message: string): void {
    const { file, line, column } = this.source.position(path);
    const key = `${line}:${column}:${severity}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ file, line, column, severity, message });
  }
}

/** Turns a value into a string the way Lambda stores environment variables; undefined for lists and maps. */
export function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function readMemory(at: Located | undefined, sink: DiagnosticSink, who: string): number {
  return readNumber(at, sink, who, LAMBDA_DEFAULTS.memorySize, checkMemory, 'MemorySize');
}

export function readTimeout(at: Located | undefined, sink: DiagnosticSink, who: string): number {
  return readNumber(at, sink, who, LAMBDA_DEFAULTS.timeout, checkTimeout, 'Timeout');
}

function readNumber(
  at: Located | undefined,
  sink: DiagnosticSink,
  who: string,
  fallback: number,
  check: (n: number) => string | undefined,
  label: string,
): number {
  if (at === undefined || at.value === undefined) return fallback;
  const n = toNumber(at.value);
  if (Number.isNaN(n)) {
    sink.add(at.path, 'warning', `${who}: ${label} ${JSON.stringify(at.value)} is not a number; using ${fallback}`);
    return fallback;
  }
  const problem = check(n);
  if (problem) sink.add(at.path, 'warning', `${who}: ${problem}`);
  return n;
}

export function readRuntime(at: Located | undefined, sink: DiagnosticSink, who: string): string {
  const runtime = scalarString(at?.value);
  if (!at || runtime === undefined) return '';
  const problem = checkRuntime(runtime);
  if (problem) sink.add(at.path, 'warning', `${who}: ${problem}`);
  return runtime;
}

export function readArchitectures(at: Located | undefined, sink: DiagnosticSink, who: string): Architecture[] {
  if (!at || at.value === undefined) return [LAMBDA_DEFAULTS.architecture];
  const list = Array.isArray(at.value) ? at.value : [at.value];
  const valid = list.filter((a): a is Architecture => a === 'x86_64' || a === 'arm64');
  if (valid.length !== list.length || valid.length !== 1) {
    sink.add(
      at.path,
      'warning',
      `${who}: Architectures must be exactly one of x86_64 or arm64, got ${JSON.stringify(at.value)}`,
    );
  }
  return valid.length > 0 ? [valid[0]] : [LAMBDA_DEFAULTS.architecture];
}

export function readLogFormat(at: Located | undefined, sink: DiagnosticSink, who: string): LogFormat {
  if (!at || at.value === undefined) return LAMBDA_DEFAULTS.logFormat;
  if (at.value === 'JSON' || at.value === 'Text') return at.value;
  sink.add(at.path, 'warning', `${who}: LogFormat must be Text or JSON, got ${JSON.stringify(at.value)}`);
  return LAMBDA_DEFAULTS.logFormat;
}

export function readOptionalInteger(
  at: Located | undefined,
  sink: DiagnosticSink,
  who: string,
  label: string,
): number | undefined {
  if (!at || at.value === undefined) return undefined;
  const n = toNumber(at.value);
  if (Number.isInteger(n) && n >= 0) return n;
  sink.add(
    at.path,
    'warning',
    `${who}: ${label} must be a whole number of at least 0, got ${JSON.stringify(at.value)}`,
  );
  return undefined;
}

/** An environment of which some values may be unresolvable: those become '' with a warning, as `sam local` does. */
export function readEnvironment(
  variables: EnvVariable[],
  resolve: (value: unknown) => { value?: unknown; reason?: string },
  sink: DiagnosticSink,
  who: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const variable of variables) {
    const { value, reason } = resolve(variable.value);
    const text = scalarString(value);
    if (text !== undefined) {
      environment[variable.name] = text;
      continue;
    }
    environment[variable.name] = '';
    const why = reason ?? `${JSON.stringify(variable.value)} is not a string`;
    sink.add(
      variable.path,
      'warning',
      `${variable.owner ?? who}: environment variable ${variable.name} can't be resolved locally (${why}); it is set to an empty string — give it a value in env.json`,
    );
  }
  return environment;
}
