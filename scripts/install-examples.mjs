// Installs the dependencies of the example projects (the TypeScript example uses an npm package), so that
// `npm ci` at the top leaves a workspace whose every example function runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const project of ['examples/ts-app']) {
  const dir = join(root, project);
  if (!existsSync(join(dir, 'package-lock.json'))) continue;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
