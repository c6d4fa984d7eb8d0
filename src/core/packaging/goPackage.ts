import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '../model';
import { findGo } from '../toolchains/goToolchain';
import { PackagingError } from './errors';
import { buildGo, goBuildSource } from './goBuild';
import type { ZipEntry } from './zipWriter';

export interface GoBuildOptions {
  /** The `go` executable; LAMBDA_WORKBENCH_GO, else `go` on PATH by default. */
  goBinary?: string;
  /** Environment for the build (process.env by default); GOOS, GOARCH and CGO_ENABLED are always set over it. */
  env?: NodeJS.ProcessEnv;
  /** Where built binaries are kept between deploys (a folder under the system's temp folder by default). */
  cacheDir?: string;
}

/** The zip entries of a Go function: its `bootstrap`, built for Linux on the function's architecture. */
export async function goPackageEntries(fn: FunctionSpec, options: GoBuildOptions = {}): Promise<ZipEntry[]> {
  if (fn.runtime === 'go1.x') {
    throw new PackagingError(
      `${fn.name}: the go1.x runtime is retired; set Runtime to provided.al2023 and Handler to bootstrap.`,
    );
  }
  const toolchain = await findGo(options.goBinary).catch(() => {
    const go = options.goBinary ?? 'go';
    throw new PackagingError(
      `${fn.name}: Go is needed to build this function but '${go}' was not found on PATH. ` +
        'Install Go 1.26 or later (https://go.dev/dl/) and try again.',
    );
  });
  try {
    const { binary } = await buildGo({
      ...goBuildSource(fn),
      toolchain,
      target: 'lambda',
      debug: false,
      cacheDir: options.cacheDir ?? join(tmpdir(), 'lambda-workbench-build'),
      env: options.env,
    });
    return [{ path: 'bootstrap', data: readFileSync(binary), mode: 0o755 }];
  } catch (error) {
    if (error instanceof PackagingError) throw new PackagingError(`${fn.name}: ${error.message}`, error.location);
    throw error;
  }
}
