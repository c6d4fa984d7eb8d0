import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverFile, type FileDiscovery } from '../../../src/core/discovery';
import type { FunctionSpec } from '../../../src/core/model';

/** The discovery fixtures folder. */
export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'discovery');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** discoverFile on a fixture file, read from disk. */
export function discoverFixture(...parts: string[]): FileDiscovery {
  const path = fixture(...parts);
  return discoverFile(path, readFileSync(path, 'utf8'), { root: FIXTURES });
}

export function byName(functions: FunctionSpec[], name: string): FunctionSpec {
  const fn = functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name} among ${functions.map((f) => f.name).join(', ')}`);
  return fn;
}

/** Diagnostics as `line:column severity` plus the start of the message, for compact assertions. */
export function brief(
  diagnostics: Array<{ line: number; column: number; severity: string; message: string }>,
): string[] {
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`);
}
