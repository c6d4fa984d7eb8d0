/**
 * Activation cost of the bundled extension (dist/extension.js): the time to load the bundle and run activate(),
 * each in a fresh Node process, and which modules activation loaded besides the bundle: none (esbuild, the AWS SDK,
 * yaml and ws are each loaded on first use; the bench fails when activation loads any of them). The editor API
 * is a do-nothing stand-in (bench/support/activateExtension.cjs), so the figure is the extension's own work; the
 * in-editor suite checks the same "nothing heavy loaded" rule inside a real VS Code.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { distPath, packageRoot } from '../src/core/assets';

const RUNS = 15;
const probe = join(packageRoot(), 'bench', 'support', 'activateExtension.cjs');
const runs = Array.from(
  { length: RUNS },
  () =>
    JSON.parse(execFileSync(process.execPath, [probe, distPath('extension.js')], { encoding: 'utf8' })) as {
      loadMs: number;
      activateMs: number;
      heavy: string[];
      modules: string[];
    },
);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const total = runs.map((r) => r.loadMs + r.activateMs);
console.log(
  `activation (load dist/extension.js + activate), median of ${RUNS} fresh processes: ${median(total).toFixed(1)} ms (goal < 50 ms)`,
);
console.log(
  `  loading the bundle: ${median(runs.map((r) => r.loadMs)).toFixed(1)} ms; activate(): ${median(runs.map((r) => r.activateMs)).toFixed(1)} ms; worst run: ${Math.max(...total).toFixed(1)} ms`,
);
console.log(
  `modules of esbuild or the AWS SDK loaded by activation: ${Math.max(...runs.map((r) => r.heavy.length))} (goal 0)`,
);
const extra = [...new Set(runs.flatMap((r) => r.modules))];
console.log(
  `size of dist/extension.js: ${(statSync(distPath('extension.js')).size / 1024).toFixed(0)} KB; modules activation loaded besides it: ${extra.length ? extra.join(', ') : 'none'} (goal none)`,
);
if (extra.length > 0 || runs.some((r) => r.heavy.length > 0)) {
  console.error('activation loaded modules that must wait for first use');
  process.exitCode = 1;
}
