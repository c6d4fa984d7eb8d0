import { resolve } from 'node:path';
import type { LayerSpec } from '../model';
import { tryResolve, type IntrinsicContext } from './intrinsics';
import type { DocPath } from './parsedSource';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export const SAM_LAYER = 'AWS::Serverless::LayerVersion';
export const LAMBDA_LAYER = 'AWS::Lambda::LayerVersion';

/** A layer entry that cannot be given to the function locally, and why (becomes a diagnostic at `path`). */
export interface LayerProblem {
  path: DocPath;
  message: string;
}

/** One entry of a function's Layers list as written, with where it was written. */
export interface LayerEntry {
  value: unknown;
  path: DocPath;
}

/** The logical id a `Ref` / `Fn::GetAtt` (or `!GetAtt X.Arn`) names, if the entry is one. */
function referencedId(value: unknown): string | undefined {
  if (!isObj(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Where a layer resource's content is locally: SAM ContentUri, CloudFormation Content (a local path), a CDK asset. */
function layerContent(resource: Obj, templateDir: string, ctx: IntrinsicContext): { dir?: string; why?: string } {
  const metadata = isObj(resource.Metadata) ? resource.Metadata : {};
  if (typeof metadata['aws:asset:path'] === 'string') return { dir: resolve(templateDir, metadata['aws:asset:path']) };
  const props = isObj(resource.Properties) ? resource.Properties : {};
  const content = tryResolve(resource.Type === SAM_LAYER ? props.ContentUri : props.Content, ctx);
  if (typeof content === 'string' && !content.startsWith('s3://')) return { dir: resolve(templateDir, content) };
  if (content === undefined) return { why: `it has no ${resource.Type === SAM_LAYER ? 'ContentUri' : 'Content'}` };
  return { why: `its content is only in S3 (${JSON.stringify(content)})` };
}

/**
 * A template function's layers, in order (Globals first for SAM): local layer resources referenced by Ref/GetAtt
 * become their content folder, ARN strings (literal or from a parameter) stay ARNs to fetch. Anything else is a
 * problem to show; it is never dropped in silence.
 */
export function templateLayerSources(
  entries: LayerEntry[],
  resources: Obj,
  templateDir: string,
  ctx: IntrinsicContext,
): { layers: LayerSpec[]; problems: LayerProblem[] } {
  const layers: LayerSpec[] = [];
  const problems: LayerProblem[] = [];
  for (const entry of entries) {
    const id = referencedId(entry.value);
    const resource = id !== undefined ? resources[id] : undefined;
    if (id !== undefined && isObj(resource) && (resource.Type === SAM_LAYER || resource.Type === LAMBDA_LAYER)) {
      const { dir, why } = layerContent(resource, templateDir, ctx);
      const metadata = isObj(resource.Metadata) ? resource.Metadata : {};
      const buildMethod = typeof metadata.BuildMethod === 'string' ? metadata.BuildMethod : undefined;
      const props = isObj(resource.Properties) ? resource.Properties : {};
      const layerName = tryResolve(props.LayerName, ctx);
      const named = typeof layerName === 'string' && layerName !== id ? { layerName } : {};
      if (dir) layers.push({ ref: id, contentDir: dir, ...named, ...(buildMethod ? { buildMethod } : {}) });
      else
        problems.push({ path: entry.path, message: `the layer ${id} cannot be given to the function locally: ${why}` });
      continue;
    }
    const value = tryResolve(entry.value, ctx);
    if (typeof value === 'string' && value.startsWith('arn:')) {
      layers.push({ ref: value, arn: value });
      continue;
    }
    const what =
      id !== undefined
        ? `${id} is not a layer resource of this template`
        : `${JSON.stringify(entry.value)} is neither a layer ARN nor a Ref to a layer`;
    problems.push({ path: entry.path, message: `a layer cannot be given to the function locally: ${what}` });
  }
  return { layers, problems };
}

/** serverless.yml: `layers:` at the top declares local layers by name, with a `path` to their content. */
export function serverlessLayerSources(
  entries: LayerEntry[],
  declared: Obj,
  serviceDir: string,
): { layers: LayerSpec[]; problems: LayerProblem[] } {
  // The framework names a layer's CloudFormation resource <Name>LambdaLayer, with the first letter upper-cased.
  const byResource = new Map(
    Object.keys(declared).map((name) => [
      `${name.charAt(0).toUpperCase()}${name.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore')}LambdaLayer`,
      name,
    ]),
  );
  const layers: LayerSpec[] = [];
  const problems: LayerProblem[] = [];
  for (const entry of entries) {
    const id = referencedId(entry.value);
    const name = id !== undefined ? (byResource.get(id) ?? (id in declared ? id : undefined)) : undefined;
    const layer = name !== undefined ? declared[name] : undefined;
    if (name !== undefined && isObj(layer) && typeof layer.path === 'string') {
      layers.push({ ref: name, contentDir: resolve(serviceDir, layer.path) });
      continue;
    }
    if (typeof entry.value === 'string' && entry.value.startsWith('arn:')) {
      layers.push({ ref: entry.value, arn: entry.value });
      continue;
    }
    const what =
      id !== undefined
        ? `${id} names no layer with a path under layers:`
        : `${JSON.stringify(entry.value)} is neither a layer ARN nor a Ref to a layer`;
    problems.push({ path: entry.path, message: `a layer cannot be given to the function locally: ${what}` });
  }
  return { layers, problems };
}
