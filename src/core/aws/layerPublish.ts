import {
  GetLayerVersionCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec, LayerSpec } from '../model';
import { codeSha256, collectFiles, writeZip } from '../packaging';
import { buildLayer } from '../runtime/layers/layerBuild';
import type { Step } from './types';

type Lambda = Pick<LambdaClient, 'send'>;

/** What deploy did with one local layer. */
export interface LayerPublication {
  layerName: string;
  arn: string;
  /** False when the latest published version already had this content (same CodeSha256). */
  published: boolean;
  codeSha256: string;
}

/** The name a local layer is published under: its LayerName, else its logical id (as SAM names it). */
export function layerNameOf(layer: LayerSpec): string {
  return layer.layerName ?? layer.ref;
}

/** The latest version of a layer and its CodeSha256, or undefined when none was published. */
async function latestVersion(
  lambda: Lambda,
  layerName: string,
): Promise<{ arn: string; codeSha256?: string } | undefined> {
  let latest: { arn: string; version: number } | undefined;
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: layerName, Marker: marker }));
    for (const item of page.LayerVersions ?? []) {
      if (item.LayerVersionArn && item.Version !== undefined && (!latest || item.Version > latest.version))
        latest = { arn: item.LayerVersionArn, version: item.Version };
    }
    marker = page.NextMarker;
  } while (marker);
  if (!latest) return undefined;
  const detail = await lambda.send(new GetLayerVersionCommand({ LayerName: layerName, VersionNumber: latest.version }));
  return { arn: latest.arn, codeSha256: detail.Content?.CodeSha256 };
}

/**
 * Publishes the function's local layers (PublishLayerVersion), each skipped when its latest version has the same
 * CodeSha256, and returns the function's Layers as ARNs, in order: what deploy points the function at. A dry run
 * publishes nothing and names the versions it would publish.
 */
export async function publishLocalLayers(
  lambda: Lambda,
  fn: FunctionSpec,
  options: { cacheDir: string; dryRun?: boolean; onPublished?: (publication: LayerPublication) => void },
): Promise<{ layers: string[]; publications: LayerPublication[]; warnings: string[] }> {
  const layers: string[] = [];
  const publications: LayerPublication[] = [];
  const warnings: string[] = [];
  for (const layer of fn.layerSources ?? []) {
    if (!layer.contentDir) {
      if (layer.arn) layers.push(layer.arn);
      continue;
    }
    const folder = layer.buildMethod ? await buildLayer(layer, options.cacheDir, warnings) : layer.contentDir;
    const zip = writeZip(collectFiles(folder));
    const sha = codeSha256(zip);
    const layerName = layerNameOf(layer);
    const latest = await latestVersion(lambda, layerName);
    let publication: LayerPublication;
    if (latest && latest.codeSha256 === sha) {
      publication = { layerName, arn: latest.arn, published: false, codeSha256: sha };
    } else if (options.dryRun) {
      publication = { layerName, arn: `(a new version of ${layerName})`, published: true, codeSha256: sha };
    } else {
      const answer = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: layerName,
          Content: { ZipFile: zip },
          CompatibleArchitectures: fn.architectures,
          Description: `${layerName} from ${folder}`,
        }),
      );
      if (!answer.LayerVersionArn) throw new Error(`PublishLayerVersion returned no ARN for the layer ${layerName}`);
      publication = { layerName, arn: answer.LayerVersionArn, published: true, codeSha256: sha };
    }
    options.onPublished?.(publication);
    publications.push(publication);
    layers.push(publication.arn);
  }
  return { layers, publications, warnings };
}

/** Whether deploy has layers to publish before the function can point at them. */
export function hasLocalLayers(fn: FunctionSpec): boolean {
  return (fn.layerSources ?? []).some((layer) => layer.contentDir !== undefined);
}

/** The cache local layer builds share with the local runtime. */
function layerCache(): string {
  return join(tmpdir(), `lambda-workbench-${process.getuid?.() ?? 'user'}`);
}

function reporter(step: (s: Step) => void, dryRun: boolean): (p: LayerPublication) => void {
  return (p) =>
    step({
      id: 'layers',
      title: !p.published
        ? `Layer ${p.layerName} unchanged`
        : dryRun
          ? `Layer ${p.layerName} will be published`
          : `Published layer ${p.layerName}`,
      detail: `${p.arn}, CodeSha256 ${p.codeSha256}`,
      status: 'done',
    });
}

/** For a plan: the function's Layers as they will be, local layers' new versions named but not published. */
export async function plannedLayers(lambda: Lambda, fn: FunctionSpec, step: (s: Step) => void): Promise<string[]> {
  const { layers, warnings } = await publishLocalLayers(lambda, fn, {
    cacheDir: layerCache(),
    dryRun: true,
    onPublished: reporter(step, true),
  });
  for (const warning of warnings) step({ id: 'layers', title: 'Warning', detail: warning, status: 'done' });
  return layers;
}

/** For an apply: publishes what changed and returns the function's Layers as ARNs. */
export async function publishedLayers(lambda: Lambda, fn: FunctionSpec, step: (s: Step) => void): Promise<string[]> {
  return (await publishLocalLayers(lambda, fn, { cacheDir: layerCache(), onPublished: reporter(step, false) })).layers;
}
