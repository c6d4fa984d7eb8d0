/**
 * The memory bill of source maps, on a generated ~20 MB TypeScript bundle:
 * - memory used and init duration of a cold invoke (success, then an error whose stack is formatted) as Lambda
 *   Workbench runs it (no source-map support in the function; traces mapped in the core), next to the same bundle
 *   with Node's `--enable-source-maps` (NODE_OPTIONS), both with room to spare (1024 MB);
 * - what each reports at 128 MB;
 * - the time the core takes to map the error's trace (first use reads the .map; later uses are cached).
 * Prints `name: value unit` lines.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mapErrorBody } from '../src/core/runtime/mapStackTrace';
import { buildNode } from '../src/core/build/nodeBuild';
import { SourceMap } from '../src/core/build/sourceMap';
import type { FunctionSpec } from '../src/core/model';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import { testFunction } from '../test/support/functions';
import { writeLargeProject } from '../test/support/largeProject';

function print(name: string, value: number | string, unit = ''): void {
  console.log(`${name}: ${typeof value === 'number' ? Number(value.toFixed(2)) : value}${unit ? ` ${unit}` : ''}`);
}

async function coldPair(
  runtime: LocalRuntime,
  fn: FunctionSpec,
): Promise<{ ok: string; okMB: number; initMs: number; error: string; errorMB: number }> {
  runtime.recycle(fn.id);
  const ok = await runtime.invoke(fn, '{"pick":0}');
  const failed = await runtime.invoke(fn, '{"fail":true}');
  runtime.recycle(fn.id);
  return {
    ok: ok.status,
    okMB: ok.maxMemoryUsedMB ?? Number.NaN,
    initMs: ok.initDurationMs ?? 0,
    error: failed.error?.errorType ?? failed.status,
    errorMB: failed.maxMemoryUsedMB ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-bench-maps-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-bench-maps-cache-'));
  const runtime = new LocalRuntime({ cacheDir });
  try {
    writeLargeProject(dir, 20);
    const plain = testFunction(dir, 'src/app.handler', { id: 'maps-off', memorySize: 1024, timeout: 60 });
    const started = performance.now();
    const build = await buildNode(plain, cacheDir);
    print('bundle_build', performance.now() - started, 'ms');
    print('bundle_size', statSync(join(build.dir, 'src', 'app.js')).size / 1048576, 'MB');
    print('bundle_map_size', statSync(join(build.dir, 'src', 'app.js.map')).size / 1048576, 'MB');

    const withMaps = { ...plain, id: 'maps-on', environment: { NODE_OPTIONS: '--enable-source-maps' } };
    const off = await coldPair(runtime, plain);
    const on = await coldPair(runtime, withMaps);
    print('memory_used_success', off.okMB, 'MB');
    print('memory_used_success_enable_source_maps', on.okMB, 'MB');
    print('memory_used_error', off.errorMB, 'MB');
    print('memory_used_error_enable_source_maps', on.errorMB, 'MB');
    print('init_duration', off.initMs, 'ms');
    print('init_duration_enable_source_maps', on.initMs, 'ms');

    const small = await coldPair(runtime, { ...plain, id: 'maps-off-128', memorySize: 128 });
    const smallOn = await coldPair(runtime, { ...withMaps, id: 'maps-on-128', memorySize: 128 });
    print('at_128mb', `${small.ok} then ${small.error}`);
    print('at_128mb_enable_source_maps', `${smallOn.ok} then ${smallOn.error}`);

    const failed = await runtime.invoke(plain, '{"fail":true}');
    print('mapped_frame', String(failed.error?.trace?.[1] ?? '').trim());
    // The worst case for the lazy decoder: a frame near the end of the bundle, with the .map read for the first time.
    const bundle = join(build.dir, 'src', 'app.js');
    const lastLine = readFileSync(bundle, 'utf8').split('\n').length - 20;
    let t = performance.now();
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')), `${bundle}.map`);
    map.originalPosition(lastLine, 4);
    print('map_trace_first_use', performance.now() - t, 'ms');
    const trace = [
      'Error: asked to fail',
      ...Array.from({ length: 10 }, (_, i) => `    at f${i} (${bundle}:${lastLine - i * 1000}:5)`),
    ];
    mapErrorBody({ errorType: 'Error', trace }, [build.dir]);
    t = performance.now();
    mapErrorBody({ errorType: 'Error', trace }, [build.dir]);
    print('map_trace_10_frames_cached', performance.now() - t, 'ms');
  } finally {
    await runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
