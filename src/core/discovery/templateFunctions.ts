import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, EventSourceSpec, FunctionSource, FunctionSpec } from '../model';
import { bucketName, cloudFormationEvents } from './cfnEvents';
import {
  DiagnosticSink,
  readArchitectures,
  readEnvironment,
  readLogFormat,
  readMemory,
  readOptionalInteger,
  readRuntime,
  readTimeout,
  scalarString,
  type EnvVariable,
  type Located,
} from './functionFields';
import {
  circularConditions,
  contextFor,
  resolveIntrinsics,
  tryResolve,
  UnresolvedError,
  type IntrinsicContext,
} from './intrinsics';
import { PLACEHOLDER_ACCOUNT_ID, type ResolutionOptions } from './resolution';
import type { DocPath, ParsedSource } from './parsedSource';
import { applyHandlerLookup } from './handlerDiagnostics';
import { asNested, nestedStacksOf, readNestedSource } from './nestedStacks';
import { templateLayerSources, type LayerEntry } from './layerSources';
import { qualifierSettings } from './functionQualifiers';
import { templateBuild } from './buildMetadata';
import { lookupHandler } from './resolveHandler';
import { lambdaUrlResources, readFunctionUrl } from './functionUrls';

export const SAM_FUNCTION = 'AWS::Serverless::Function';
export const LAMBDA_FUNCTION = 'AWS::Lambda::Function';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** CDK's own helper functions (log retention, custom resource providers): not the developer's code. */
const CDK_INTERNAL =
  /LogRetention[0-9a-f]{32}|CustomResourceProvider|BucketNotificationsHandler[0-9a-f]{32}|AWS679f53fac002430cb0da5b7982bd2287/;

/** Nested stack resource types, whose local templates may declare functions. */
export const NESTED_STACK_TYPES = ['AWS::Serverless::Application', 'AWS::CloudFormation::Stack'];

/** True when a parsed document is a CloudFormation/SAM template declaring at least one Lambda function or nested stack. */
export function declaresFunctions(value: unknown): boolean {
  if (!isObj(value) || !isObj(value.Resources)) return false;
  const types = [SAM_FUNCTION, LAMBDA_FUNCTION, ...NESTED_STACK_TYPES];
  return Object.values(value.Resources).some((r) => isObj(r) && typeof r.Type === 'string' && types.includes(r.Type));
}

interface Reader {
  id: string;
  sam: boolean;
  props: Obj;
  globals: Obj;
  ctx: IntrinsicContext;
  /** The template's resources, which environment variables may refer to. */
  resources: Obj;
}

/** A property of the function, from its own Properties or (SAM) from Globals.Function, with where it was written. */
function prop(r: Reader, name: string): Located | undefined {
  if (r.props[name] !== undefined) return { value: r.props[name], path: ['Resources', r.id, 'Properties', name] };
  if (r.sam && r.globals[name] !== undefined) return { value: r.globals[name], path: ['Globals', 'Function', name] };
  return undefined;
}

/** Who a diagnostic is about: the function, or Globals when the value came from there (said once, not per function). */
function owner(at: Located | undefined, id: string): string {
  return at?.path[0] === 'Globals' ? 'Globals.Function' : id;
}

function resolved(at: Located | undefined, ctx: IntrinsicContext): Located | undefined {
  return at && { value: tryResolve(at.value, ctx), path: at.path };
}

function environmentVariables(r: Reader): EnvVariable[] {
  const vars = new Map<string, EnvVariable>();
  const add = (source: unknown, base: DocPath) => {
    const variables = isObj(source) ? source.Variables : undefined;
    if (!isObj(variables)) return;
    for (const [name, value] of Object.entries(variables)) {
      vars.set(name, {
        name,
        value,
        path: [...base, 'Variables', name],
        owner: base[0] === 'Globals' ? 'Globals.Function' : undefined,
      });
    }
  };
  if (r.sam) add(r.globals.Environment, ['Globals', 'Function', 'Environment']);
  add(r.props.Environment, ['Resources', r.id, 'Properties', 'Environment']);
  return [...vars.values()];
}

function layerEntries(r: Reader): LayerEntry[] {
  const from = (list: unknown, base: DocPath): LayerEntry[] =>
    Array.isArray(list) ? list.map((value, i) => ({ value, path: [...base, i] })) : [];
  return [
    ...(r.sam ? from(r.globals.Layers, ['Globals', 'Function', 'Layers']) : []),
    ...from(r.props.Layers, ['Resources', r.id, 'Properties', 'Layers']),
  ];
}

function layers(r: Reader): string[] {
  return layerEntries(r).map(({ value: layer }) => {
    const value = tryResolve(layer, r.ctx);
    if (typeof value === 'string') return value;
    return isObj(layer) && typeof layer.Ref === 'string' ? layer.Ref : JSON.stringify(layer);
  });
}

function samEvents(r: Reader, source: ParsedSource): EventSourceSpec[] {
  const events = r.props.Events;
  if (!isObj(events)) return [];
  return Object.entries(events).map(([name, event]) => {
    const spec: EventSourceSpec = {
      name,
      type: isObj(event) && typeof event.Type === 'string' ? event.Type : 'Unknown',
      properties: isObj(event) && isObj(event.Properties) ? event.Properties : {},
      position: source.position(['Resources', r.id, 'Properties', 'Events', name]),
    };
    const bucket = spec.type === 'S3' ? spec.properties.Bucket : undefined;
    // SAM requires an S3 event's Bucket to be a bucket of the same template, given as !Ref.
    const resource = isObj(bucket) && typeof bucket.Ref === 'string' ? r.resources[bucket.Ref] : undefined;
    if (isObj(resource) && resource.Type === 'AWS::S3::Bucket') {
      const props = isObj(resource.Properties) ? resource.Properties : {};
      spec.sourceName = bucketName(String((bucket as Obj).Ref), { BucketName: tryResolve(props.BucketName, r.ctx) });
    }
    return spec;
  });
}

/** Where the function's code lives locally: CodeUri (SAM), Code (CloudFormation), or a CDK asset folder. */
interface CodeLocation {
  dir: string;
  at?: Located;
  /** The handler's code is written in the template itself (InlineCode, Code.ZipFile). */
  inline?: DocPath;
  /** The code is only in S3: there is no local source to look for. */
  remote?: boolean;
  /** The code is a local .zip (CodeUri, a CDK zip asset): unpacked when it runs, so there is no source to look in. */
  archive?: string;
}

/** A local path to the code: a folder, or a .zip that is unpacked before it runs. */
function localCode(path: string, at?: Located): CodeLocation {
  if (/\.zip$/i.test(path)) return { dir: dirname(path), at, archive: path };
  return { dir: path, at };
}

function codeLocation(r: Reader, resource: Obj, file: string, cdk: boolean, sink: DiagnosticSink): CodeLocation {
  const base = dirname(file);
  const metadata = isObj(resource.Metadata) ? resource.Metadata : {};
  if (cdk && typeof metadata['aws:asset:path'] === 'string') {
    return localCode(resolve(base, metadata['aws:asset:path']), {
      value: metadata['aws:asset:path'],
      path: ['Resources', r.id, 'Metadata', 'aws:asset:path'],
    });
  }
  const inline = r.sam ? prop(r, 'InlineCode') : undefined;
  if (inline) return { dir: base, inline: inline.path };
  const at = r.sam ? prop(r, 'CodeUri') : prop(r, 'Code');
  const value = at && tryResolve(at.value, r.ctx);
  if (typeof value === 'string' && !value.startsWith('s3://'))
    return localCode(isAbsolute(value) ? value : join(base, value), at);
  if (at && isObj(value) && typeof value.ZipFile === 'string') return { dir: base, inline: [...at.path, 'ZipFile'] };
  if (!at) return { dir: base };
  sink.add(
    at.path,
    'info',
    `${r.id}: the code is only in S3 (${JSON.stringify(at.value)}), so it cannot be run locally`,
  );
  return { dir: base, at, remote: true };
}

function buildFunction(
  source: ParsedSource,
  r: Reader,
  resource: Obj,
  kind: FunctionSource,
  sink: DiagnosticSink,
): FunctionSpec | undefined {
  const who = r.id;
  const packageType = tryResolve(prop(r, 'PackageType')?.value, r.ctx);
  if (packageType === 'Image' || prop(r, 'ImageUri')) {
    sink.add(['Resources', r.id], 'info', `${who}: container image functions are not run locally; it is skipped`);
    return undefined;
  }
  const handlerAt = resolved(prop(r, 'Handler'), r.ctx);
  const runtimeAt = resolved(prop(r, 'Runtime'), r.ctx);
  const code = codeLocation(r, resource, source.file, kind === 'cdk', sink);
  const handler = scalarString(handlerAt?.value);
  const runtime = readRuntime(runtimeAt, sink, owner(runtimeAt, who));
  if (!handler)
    sink.add(
      handlerAt?.path ?? ['Resources', r.id, 'Properties'],
      'error',
      `${who}: Handler is missing or not a string`,
    );
  if (!runtime)
    sink.add(
      runtimeAt?.path ?? ['Resources', r.id, 'Properties'],
      'error',
      `${who}: Runtime is missing or not a string`,
    );
  const functionName = scalarString(resolved(prop(r, 'FunctionName'), r.ctx)?.value);
  const role = scalarString(resolved(prop(r, 'Role'), r.ctx)?.value);
  const provisioned = prop(r, 'ProvisionedConcurrencyConfig');
  const logging = prop(r, 'LoggingConfig');
  const fn: FunctionSpec = {
    id: `${source.file}#${r.id}`,
    name: r.id,
    ...(functionName ? { functionName } : {}),
    source: kind,
    templatePath: source.file,
    templatePosition: source.position(['Resources', r.id]),
    runtime,
    handler: handler ?? '',
    codeDir: code.dir,
    memorySize: readMemory(resolved(prop(r, 'MemorySize'), r.ctx), sink, owner(prop(r, 'MemorySize'), who)),
    timeout: readTimeout(resolved(prop(r, 'Timeout'), r.ctx), sink, owner(prop(r, 'Timeout'), who)),
    environment: readEnvironment(
      environmentVariables(r),
      (v) => resolveForEnv(v, { ...r.ctx, resources: r.resources }),
      sink,
      who,
    ),
    architectures: readArchitectures(
      resolved(prop(r, 'Architectures'), r.ctx),
      sink,
      owner(prop(r, 'Architectures'), who),
    ),
    layers: layers(r),
    logFormat: readLogFormat(
      logging && { value: tryResolve((logging.value as Obj)?.LogFormat, r.ctx), path: [...logging.path, 'LogFormat'] },
      sink,
      owner(logging, who),
    ),
    events: r.sam ? samEvents(r, source) : [],
  };
  const local = templateLayerSources(layerEntries(r), r.resources, dirname(source.file), r.ctx);
  if (local.layers.length) fn.layerSources = local.layers;
  for (const problem of local.problems) sink.add(problem.path, 'warning', `${who}: ${problem.message}`);
  const reserved = readOptionalInteger(
    resolved(prop(r, 'ReservedConcurrentExecutions'), r.ctx),
    sink,
    who,
    'ReservedConcurrentExecutions',
  );
  if (reserved !== undefined) fn.reservedConcurrency = reserved;
  const warm = provisioned && {
    value: tryResolve((provisioned.value as Obj)?.ProvisionedConcurrentExecutions, r.ctx),
    path: [...provisioned.path, 'ProvisionedConcurrentExecutions'],
  };
  const provisionedCount = r.sam ? readOptionalInteger(warm, sink, who, 'ProvisionedConcurrentExecutions') : undefined;
  if (provisionedCount !== undefined) fn.provisionedConcurrency = provisionedCount;
  const urlConfig = r.sam ? prop(r, 'FunctionUrlConfig') : undefined;
  if (urlConfig) {
    const url = readFunctionUrl(urlConfig.value, urlConfig.path, 'FunctionUrlConfig', who, r.ctx, source, sink);
    if (url) fn.url = url;
  }
  if (role?.startsWith('arn:')) fn.role = role;
  const description = scalarString(resolved(prop(r, 'Description'), r.ctx)?.value);
  if (description) fn.description = description;
  const metadata = isObj(resource.Metadata) ? resource.Metadata : {};
  const build = kind === 'cdk' ? undefined : templateBuild(source, r.id, metadata, sink);
  if (build) fn.build = build;
  if (code.archive) fn.codeArchive = code.archive;
  // A zipped handler is only there once the zip is unpacked: nothing to look up before that.
  if (code.archive) return fn;
  if (build?.method === 'makefile') {
    // make may copy the handler's source as it is, or produce it: point at it when it is there, say nothing otherwise.
    const found = lookupHandler(fn, {});
    if (found.file) Object.assign(fn, { handlerFile: found.file, handlerLine: found.line ?? 0 });
    return fn;
  }
  if (code.inline) {
    fn.handlerFile = source.file;
    fn.handlerLine = source.position(code.inline).line + 1;
  } else if (handler && runtime && !code.remote) {
    const props = isObj(metadata.BuildProperties) ? metadata.BuildProperties : {};
    const entryPoints = Array.isArray(props.EntryPoints)
      ? props.EntryPoints.filter((e): e is string => typeof e === 'string')
      : undefined;
    applyHandlerLookup(
      fn,
      { entryPoints, go: metadata.BuildMethod === 'go1.x' },
      sink,
      handlerAt?.path ?? ['Resources', r.id],
      code.at?.path,
    );
  }
  return fn;
}

function resolveForEnv(value: unknown, ctx: IntrinsicContext): { value?: unknown; reason?: string } {
  try {
    return { value: resolveIntrinsics(value, ctx) };
  } catch (error) {
    if (error instanceof UnresolvedError) return { reason: error.message };
    throw error;
  }
}

/** Options for reading one template. */
export interface TemplateOptions {
  /** The file is CDK output (`cdk.out/*.template.json`). */
  cdk?: boolean;
  /** The workspace folder: code outside it is pointed out. */
  root?: string;
  resolution?: ResolutionOptions;
  /** The templates that include this one (nested stacks), to refuse a stack that includes itself. */
  within?: string[];
}

/** A warning when a function's code folder lies outside the workspace (a template may point anywhere on disk). */
function checkCodeInside(fn: FunctionSpec, root: string | undefined, codePath: DocPath, sink: DiagnosticSink): void {
  if (!root) return;
  const rel = relative(root, fn.codeDir);
  if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return;
  sink.add(
    codePath,
    'warning',
    `${fn.name}: its code folder ${fn.codeDir} is outside the workspace ${root}; it runs and deploys from there`,
  );
}

/**
 * The Lambda functions of a SAM or CloudFormation template (or a CDK `cdk.out/*.template.json`):
 * SAM `Globals.Function` merged in (maps merged, Layers appended, the rest overridden), intrinsics resolved
 * locally (parameters from their defaults and the user's overrides), handlers mapped to their source files.
 */
export function functionsFromTemplate(
  source: ParsedSource,
  options: TemplateOptions = {},
): { functions: FunctionSpec[]; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(source);
  const template = source.value;
  if (!isObj(template) || !isObj(template.Resources)) return { functions: [], diagnostics: [] };
  const transform = template.Transform;
  const resources = template.Resources;
  const samTemplate =
    (Array.isArray(transform) ? transform : [transform]).some(
      (t) => typeof t === 'string' && t.startsWith('AWS::Serverless'),
    ) || Object.values(resources).some((r) => isObj(r) && r.Type === SAM_FUNCTION);
  const kind: FunctionSource = options.cdk ? 'cdk' : samTemplate ? 'sam' : 'cloudformation';
  const globals = isObj(template.Globals) && isObj(template.Globals.Function) ? template.Globals.Function : {};
  const ctx = contextFor(template, options.resolution);
  for (const { name, cycle } of circularConditions(ctx)) {
    sink.add(
      ['Conditions', name],
      'error',
      `Condition ${name} refers to itself (${cycle.join(' → ')}); CloudFormation rejects the template`,
    );
  }
  const functions: FunctionSpec[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObj(resource) || (resource.Type !== SAM_FUNCTION && resource.Type !== LAMBDA_FUNCTION)) continue;
    const metadata = isObj(resource.Metadata) ? resource.Metadata : {};
    if (options.cdk && typeof metadata['aws:cdk:path'] === 'string' && CDK_INTERNAL.test(metadata['aws:cdk:path']))
      continue;
    const reader: Reader = {
      id,
      sam: resource.Type === SAM_FUNCTION,
      props: isObj(resource.Properties) ? resource.Properties : {},
      globals,
      ctx,
      resources,
    };
    const fn = buildFunction(source, reader, resource, kind, sink);
    if (!fn) continue;
    const codeAt = options.cdk
      ? ['Resources', id, 'Metadata', 'aws:asset:path']
      : prop(reader, reader.sam ? 'CodeUri' : 'Code')?.path;
    if (codeAt) checkCodeInside(fn, options.root, codeAt, sink);
    if (!reader.sam) fn.events = cloudFormationEvents(source, resources, id, fn.functionName);
    Object.assign(fn, qualifierSettings(resources, id, reader.props, reader.sam ? globals : {}));
    for (const { logicalId, properties } of lambdaUrlResources(resources, id)) {
      if (fn.url) {
        sink.add(
          ['Resources', logicalId],
          'error',
          `${id}: ${logicalId} declares a second function URL (the first is ${fn.url.declaredBy}); a function has one URL per qualifier`,
        );
        continue;
      }
      const url = readFunctionUrl(properties, ['Resources', logicalId, 'Properties'], logicalId, id, ctx, source, sink);
      if (url) fn.url = url;
    }
    functions.push(fn);
  }
  if (ctx.usedPseudo?.has('AWS::AccountId') && options.resolution?.accountId === undefined) {
    sink.add(
      [],
      'info',
      `AWS::AccountId is the placeholder ${PLACEHOLDER_ACCOUNT_ID} here: no AWS credentials said which account (choose a profile to use its account)`,
    );
  }
  const nested = nestedFunctions(source, ctx, options, [...(options.within ?? []), source.file]);
  return { functions: [...functions, ...nested.functions], diagnostics: [...sink.list, ...nested.diagnostics] };
}

/** The functions of the template's local nested stacks, named `<Stack>/<LogicalId>`; a stack including itself is an error. */
function nestedFunctions(
  source: ParsedSource,
  ctx: IntrinsicContext,
  options: TemplateOptions,
  within: string[],
): { functions: FunctionSpec[]; diagnostics: Diagnostic[] } {
  const { stacks, diagnostics } = nestedStacksOf(source, ctx);
  const functions: FunctionSpec[] = [];
  for (const stack of stacks) {
    if (within.includes(stack.file)) {
      diagnostics.push({
        ...source.position(['Resources', stack.logicalId]),
        severity: 'error',
        message: `${stack.logicalId}: the nested stack includes ${stack.file}, which includes it back`,
      });
      continue;
    }
    const child = readNestedSource(stack.file);
    diagnostics.push(...child.diagnostics);
    if (!child.source || !declaresAnything(child.source.value)) continue;
    // The user's overrides are for the root template; a nested stack gets the Parameters its parent passes.
    const resolution = { ...options.resolution, parameterOverrides: stack.parameters };
    const found = functionsFromTemplate(child.source, { root: options.root, resolution, within });
    diagnostics.push(...found.diagnostics);
    functions.push(...found.functions.map((fn) => asNested(fn, stack, source.file)));
  }
  return { functions, diagnostics };
}

function declaresAnything(value: unknown): boolean {
  return isObj(value) && isObj(value.Resources);
}
