import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic, FunctionSpec } from '../model';
import { contextFor, tryResolve, type IntrinsicContext } from './intrinsics';
import { parseSource, type DocPath, type ParsedSource } from './parsedSource';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A nested stack of a template: `AWS::Serverless::Application` (Location) or `AWS::CloudFormation::Stack` (TemplateURL). */
export interface NestedStackRef {
  /** The stack resource's logical id in the parent. */
  logicalId: string;
  /** Absolute path of the child template. */
  file: string;
  /** The child's parameter values, resolved with the parent's parameters (what could not be resolved is left out). */
  parameters: Record<string, unknown>;
}

/**
 * The nested stacks of a parsed template whose template is a local file. A stack whose template is only in S3, on a
 * URL or in the Serverless Application Repository is reported once (info) and skipped; a local path that does not
 * exist is an error.
 */
export function nestedStacksOf(
  source: ParsedSource,
  ctx: IntrinsicContext,
): { stacks: NestedStackRef[]; diagnostics: Diagnostic[] } {
  const template = source.value;
  const stacks: NestedStackRef[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!isObj(template) || !isObj(template.Resources)) return { stacks, diagnostics };
  const report = (path: DocPath, severity: Diagnostic['severity'], message: string) =>
    diagnostics.push({ ...source.position(path), severity, message });
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (
      !isObj(resource) ||
      (resource.Type !== 'AWS::Serverless::Application' && resource.Type !== 'AWS::CloudFormation::Stack')
    )
      continue;
    const props = isObj(resource.Properties) ? resource.Properties : {};
    const key = resource.Type === 'AWS::Serverless::Application' ? 'Location' : 'TemplateURL';
    const location = tryResolve(props[key], ctx);
    if (typeof location !== 'string' || /^(https?|s3):\/\//.test(location)) {
      report(
        ['Resources', id, 'Properties', key],
        'info',
        `${id}: the nested stack's template is not a local file (${JSON.stringify(props[key])}), so its functions and APIs are not run locally`,
      );
      continue;
    }
    const file = isAbsolute(location) ? location : join(dirname(source.file), location);
    if (!existsSync(file)) {
      report(
        ['Resources', id, 'Properties', key],
        'error',
        `${id}: ${key} ${location} does not exist (looked for ${file})`,
      );
      continue;
    }
    const parameters: Record<string, unknown> = {};
    if (isObj(props.Parameters)) {
      for (const [name, value] of Object.entries(props.Parameters)) {
        const resolved = tryResolve(value, ctx);
        if (resolved !== undefined) parameters[name] = resolved;
      }
    }
    stacks.push({ logicalId: id, file, parameters });
  }
  return { stacks, diagnostics };
}

/** Reads and parses a nested stack's template; its syntax errors come back as diagnostics of that file. */
export function readNestedSource(file: string): { source?: ParsedSource; diagnostics: Diagnostic[] } {
  return parseSource(file, readFileSync(file, 'utf8'));
}

/** A function of a nested stack, renamed `<Stack>/<LogicalId>` and keyed under the parent template, so the two never clash. */
export function asNested(fn: FunctionSpec, stack: NestedStackRef, parentFile: string): FunctionSpec {
  const path = [stack.logicalId, ...(fn.nestedStack?.path ?? [])];
  const name = [...path, logicalIdOf(fn)].join('/');
  return { ...fn, id: `${parentFile}#${name}`, name, nestedStack: { path, rootTemplate: parentFile } };
}

/** The logical id of a function in its own template (`Child/Fn` → `Fn`). */
export function logicalIdOf(fn: Pick<FunctionSpec, 'name' | 'nestedStack'>): string {
  return fn.nestedStack ? fn.name.slice(fn.nestedStack.path.join('/').length + 1) : fn.name;
}

/**
 * The intrinsic context of a nested stack's template as its parent instantiates it (the parent's Parameters values
 * over the child's defaults), found by walking the stack path from the root template; undefined when the path no
 * longer leads to a local template.
 */
export function nestedStackContext(rootTemplate: string, path: string[]): IntrinsicContext | undefined {
  let file = rootTemplate;
  let parameters: Record<string, unknown> = {};
  for (const logicalId of path) {
    const { source } = readNestedSource(file);
    if (!source || !isObj(source.value)) return undefined;
    const stack = nestedStacksOf(
      source,
      contextFor(source.value, { parameterOverrides: parameters as Record<string, string> }),
    ).stacks.find((s) => s.logicalId === logicalId);
    if (!stack) return undefined;
    [file, parameters] = [stack.file, stack.parameters];
  }
  const { source } = readNestedSource(file);
  return source && isObj(source.value)
    ? contextFor(source.value, { parameterOverrides: parameters as Record<string, string> })
    : undefined;
}
