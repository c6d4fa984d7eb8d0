import { readFileSync, statSync } from 'node:fs';
import { parseSource } from '../discovery/parsedSource';

/**
 * Templates as the local features (API Gateway, WebSocket gateway, async settings) read them: parsed by discovery's
 * own parser (the same CloudFormation short-form tags, so `!GetAtt`, `!Sub` and friends mean the same everywhere),
 * cached per file until the file changes.
 */
const cache = new Map<string, { mtimeMs: number; size: number; value: Record<string, unknown> }>();

/** Parses a CloudFormation/SAM template (YAML or JSON) or a serverless.yml. Throws with the file and line on bad YAML. */
export function parseTemplate(text: string, file = 'template'): Record<string, unknown> {
  const { source, diagnostics } = parseSource(file, text);
  if (!source) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    throw new Error(`${file}:${(first?.line ?? 0) + 1}: ${first?.message ?? 'cannot be parsed'}`);
  }
  if (!isRecord(source.value)) throw new Error(`${file}: expected a mapping at the top of the template`);
  return source.value;
}

/** Reads and parses a template file (once per change of the file). */
export function loadTemplate(path: string): Record<string, unknown> {
  const stat = statSync(path);
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.value;
  const value = parseTemplate(readFileSync(path, 'utf8'), path);
  cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, value });
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A template value as text: literals as they are, intrinsics in their short form (`!GetAtt Queue.Arn`). */
export function valueText(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return `!Ref ${value.Ref}`;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `!GetAtt ${getAtt.join('.')}`;
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return `!Sub ${sub}`;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return `!Sub ${sub[0]}`;
  return JSON.stringify(value);
}

/** The logical id an intrinsic points at (`!Ref X`, `!GetAtt X.Arn`), or undefined. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}
