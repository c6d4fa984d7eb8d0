import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionSpec, LayerSpec } from '../../model';
import { fingerprint } from './folderFingerprint';
import { buildLayer } from './layerBuild';

/** Fetches a layer given by ARN into a folder (its extracted zip), or throws saying why it cannot. */
export type LayerFetcher = (arn: string) => Promise<string>;

/** A function's layers merged as Lambda merges them under /opt, and what could not be merged. */
export interface OptFolder {
  dir: string;
  warnings: string[];
}

/** The folder a layer contributes: its content folder, built first when its Metadata says how; or a fetched ARN. */
async function layerFolder(
  layer: LayerSpec,
  fn: FunctionSpec,
  cacheDir: string,
  fetchLayer: LayerFetcher | undefined,
  warnings: string[],
): Promise<string | undefined> {
  if (layer.contentDir) {
    if (!existsSync(layer.contentDir)) {
      warnings.push(
        `the layer ${layer.ref} is not given to ${fn.name}: its content folder ${layer.contentDir} does not exist`,
      );
      return undefined;
    }
    return layer.buildMethod ? buildLayer(layer, cacheDir, warnings) : layer.contentDir;
  }
  if (!layer.arn) return undefined;
  if (!fetchLayer) {
    warnings.push(`the layer ${layer.arn} is not given to ${fn.name}: layers given by ARN are not fetched here`);
    return undefined;
  }
  try {
    return await fetchLayer(layer.arn);
  } catch (error) {
    warnings.push(
      `the layer ${layer.arn} is not given to ${fn.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/**
 * Merges a function's layers, in order (a later layer's file replaces an earlier one's, as in Lambda), into one
 * folder of the cache that stands for its /opt. The folder is rebuilt only when a layer's files changed.
 */
export async function prepareOptFolder(
  fn: FunctionSpec,
  cacheDir: string,
  fetchLayer?: LayerFetcher,
): Promise<OptFolder | undefined> {
  const layers = fn.layerSources ?? [];
  if (layers.length === 0) return undefined;
  const warnings: string[] = [];
  const sources: string[] = [];
  for (const layer of layers) {
    const folder = await layerFolder(layer, fn, cacheDir, fetchLayer, warnings);
    if (folder) sources.push(folder);
  }
  const dir = join(cacheDir, 'opt', createHash('sha256').update(fn.id).digest('hex').slice(0, 16));
  const key = JSON.stringify(await Promise.all(sources.map(async (source) => [source, await fingerprint(source)])));
  const stampFile = join(dir, '..', `${createHash('sha256').update(fn.id).digest('hex').slice(0, 16)}.stamp`);
  const previous = await readFile(stampFile, 'utf8').catch(() => undefined);
  if (previous !== key || !existsSync(dir)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const source of sources) await cp(source, dir, { recursive: true, force: true, dereference: true });
    await writeFile(stampFile, key);
  }
  return { dir, warnings };
}

/**
 * The variables Lambda's runtimes set so that layer content is found, pointed at the merged folder instead of /opt:
 * NODE_PATH (Node.js), PYTHONPATH (Python: site-packages of the runtime's version, then python/), PATH gets bin/ and
 * LD_LIBRARY_PATH gets lib/ (all runtimes).
 */
export function layerEnvironment(fn: FunctionSpec, opt: string, env: Record<string, string>): Record<string, string> {
  const sep = process.platform === 'win32' ? ';' : ':';
  const join_ = (...parts: (string | undefined)[]) => parts.filter((p) => p).join(sep);
  const added: Record<string, string> = {
    PATH: join_(env.PATH, join(opt, 'bin')),
    LD_LIBRARY_PATH: join_(env.LD_LIBRARY_PATH, join(opt, 'lib')),
  };
  const node = /^nodejs(\d+)/.exec(fn.runtime);
  if (node) {
    added.NODE_PATH = join_(
      join(opt, 'nodejs', `node${node[1]}`, 'node_modules'),
      join(opt, 'nodejs', 'node_modules'),
      env.NODE_PATH,
    );
  }
  const python = /^python(\d+\.\d+)/.exec(fn.runtime);
  if (python) {
    added.PYTHONPATH = join_(
      join(opt, 'python', 'lib', `python${python[1]}`, 'site-packages'),
      join(opt, 'python'),
      env.PYTHONPATH,
    );
  }
  return added;
}
