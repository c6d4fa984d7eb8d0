import { sep } from 'node:path';
import type { FunctionErrorBody } from './types';
import { sourceMapOf } from '../build/sourceMap';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds `<file under root>:line:column` anywhere in a text (a V8 frame, or a frame inside a logged JSON error). */
function locationsUnder(roots: string[]): RegExp {
  const alternatives = roots.map((root) => escape(root.endsWith(sep) ? root : root + sep)).join('|');
  return new RegExp(`(?:file://)?((?:${alternatives})[^():"'\\n]*?):(\\d+):(\\d+)`, 'g');
}

/**
 * Rewrites the locations in a text that point into built bundles (files under one of `roots` with a `.map` beside
 * them) to the original sources, as Node's `--enable-source-maps` would, but here, outside the function's process:
 * the function does not pay for source-map support in its memory. Other locations are kept as they are.
 */
export function mapStackText(text: string, roots: string[]): string {
  if (roots.length === 0 || !roots.some((root) => text.includes(root))) return text;
  return text.replace(locationsUnder(roots), (whole, file: string, line: string, column: string) => {
    const original = sourceMapOf(file)?.originalPosition(Number(line) - 1, Number(column) - 1);
    return original ? `${original.file}:${original.line + 1}:${original.column + 1}` : whole;
  });
}

/** An error body with its `trace` / `stackTrace` (and a `stack`, when the runtime sends one) mapped. */
export function mapErrorBody(error: FunctionErrorBody, roots: string[]): FunctionErrorBody {
  if (roots.length === 0) return error;
  const map = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map((line) => mapStackText(String(line), roots))
      : typeof value === 'string'
        ? mapStackText(value, roots)
        : value;
  const mapped: FunctionErrorBody = { ...error };
  if (error.trace !== undefined) mapped.trace = map(error.trace) as string[];
  if (error.stackTrace !== undefined) mapped.stackTrace = map(error.stackTrace);
  if (error.stack !== undefined) mapped.stack = map(error.stack);
  return mapped;
}
