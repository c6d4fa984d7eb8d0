import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runMakefile } from '../../build/makefileBuild';
import type { LayerSpec } from '../../model';
import { fingerprint } from './folderFingerprint';

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const tail = String(stderr).trim().split('\n').slice(-3).join(' ');
        reject(new Error(`'${command} ${args.join(' ')}' failed: ${tail || error.message}`));
      },
    );
  });
}

/**
 * What `sam build` makes of a layer with `Metadata: BuildMethod`: for python3.x the content goes under python/ with
 * requirements.txt installed beside it (pip --target); for nodejs* it goes under nodejs/ with package.json's
 * production dependencies installed there. Built into the cache, reused while the content is unchanged; the user's
 * folder is never written. Returns the folder whose content lands in /opt.
 */
export async function buildLayer(layer: LayerSpec, cacheDir: string, warnings: string[]): Promise<string> {
  const method = layer.buildMethod ?? '';
  const content = layer.contentDir!;
  if (method === 'makefile') return makeLayer(layer, content, cacheDir);
  const kind = method.startsWith('python') ? 'python' : method.startsWith('nodejs') ? 'nodejs' : undefined;
  if (!kind) {
    warnings.push(
      `the layer ${layer.ref} (BuildMethod: ${method}) is given as its content folder ${content}, unbuilt: only python3.x, nodejs* and makefile layers are built locally`,
    );
    return content;
  }
  const manifest = kind === 'python' ? 'requirements.txt' : 'package.json';
  const manifestText = await readFile(join(content, manifest), 'utf8').catch(() => '');
  const out = join(cacheDir, 'layers', createHash('sha256').update(`${content}\0${method}`).digest('hex').slice(0, 16));
  const target = join(out, kind);
  const stampFile = join(out, '.manifest');
  const installed = await readFile(stampFile, 'utf8').catch(() => undefined);
  // Dependencies are installed again only when the manifest changed; the layer's own files are copied every time.
  if (installed !== manifestText) {
    await rm(out, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    if (manifestText.trim()) {
      try {
        if (kind === 'python')
          await run(
            process.platform === 'win32' ? 'python' : 'python3',
            ['-m', 'pip', 'install', '--quiet', '--target', target, '-r', join(content, manifest)],
            content,
          );
        else {
          await cp(join(content, manifest), join(target, manifest));
          await run(
            process.platform === 'win32' ? 'npm.cmd' : 'npm',
            ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'],
            target,
          );
        }
      } catch (error) {
        warnings.push(`the dependencies of the layer ${layer.ref} were not installed: ${(error as Error).message}`);
      }
    }
    await writeFile(stampFile, manifestText);
  }
  await cp(content, target, {
    recursive: true,
    force: true,
    filter: (src) => !src.includes(`${join(content, 'node_modules')}`),
  });
  if (existsSync(join(content, kind)))
    warnings.push(
      `the layer ${layer.ref} already has a ${kind}/ folder; with BuildMethod ${method} its content is put under ${kind}/ again, as sam build does`,
    );
  return out;
}

/**
 * `BuildMethod: makefile`: `make build-<LogicalId>` with ARTIFACTS_DIR in the cache, as `sam build` runs it; what the
 * target puts in ARTIFACTS_DIR is the layer's /opt content. Made again only when a file of the content folder changed.
 * A failed build fails the invocation (BuildError naming the target), as a function's own makefile build does.
 */
async function makeLayer(layer: LayerSpec, content: string, cacheDir: string): Promise<string> {
  const key = createHash('sha256').update(`${content}\0makefile`).digest('hex').slice(0, 16);
  const artifactsDir = join(cacheDir, 'layers', key);
  const stampFile = join(cacheDir, 'layers', `${key}.stamp`);
  const sources = await fingerprint(content);
  if (existsSync(artifactsDir) && (await readFile(stampFile, 'utf8').catch(() => undefined)) === sources)
    return artifactsDir;
  await rm(stampFile, { force: true });
  await runMakefile({ logicalId: layer.ref, sourceDir: content, artifactsDir });
  await writeFile(stampFile, sources);
  return artifactsDir;
}
