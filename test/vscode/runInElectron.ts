// `npm run test:electron`: the same in-editor suite in desktop VS Code, through @vscode/test-electron. It downloads
// VS Code (into .vscode-test/) unless LAMBDA_WORKBENCH_VSCODE_EXECUTABLE names one; on Linux it needs a display
// (xvfb-run -a npm run test:electron). Screenshots are not taken here: the suite's screenshot() does nothing.
// Usage: node --import tsx test/vscode/runInElectron.ts [--grep <pattern>]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startMoto } from '../support/moto';
import { GREP_ENV } from './protocol';

const root = resolve(__dirname, '..', '..');
const examples = join(root, 'examples');
const suiteModule = join(root, 'dist', 'test', 'vscode', 'suite.js');
/** VS Code 1.99.3 matches engines.vscode and the code-server launcher; `stable` tests the newest release. */
const version = process.env.LAMBDA_WORKBENCH_VSCODE_VERSION || '1.99.3';
const executable = process.env.LAMBDA_WORKBENCH_VSCODE_EXECUTABLE || undefined;
const editor = executable ?? `VS Code ${version}`;

async function main(): Promise<number> {
  const grepAt = process.argv.indexOf('--grep');
  const grep = grepAt > 0 ? (process.argv[grepAt + 1] ?? '') : process.env[GREP_ENV];
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the build failed (exit code ${build.status})`);
  if (!existsSync(suiteModule)) throw new Error(`${suiteModule} was not built`);
  const started = Date.now();
  // The deploy tests talk to moto, as under code-server: it sets AWS_ENDPOINT_URL and dummy credentials, which
  // VS Code inherits.
  const moto = await startMoto();
  try {
    await runTests({
      version,
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: suiteModule,
      // Other installed extensions stay off; built-in ones (the JavaScript debugger) stay on.
      launchArgs: [examples, '--disable-extensions'],
      extensionTestsEnv: grep ? { [GREP_ENV]: grep } : undefined,
    });
  } finally {
    await moto.stop();
  }
  console.log(`the suite passed in ${editor} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`the suite failed in ${editor}: ${error.message}`);
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(error.message)) {
      console.error(
        'VS Code could not be downloaded from this machine: set LAMBDA_WORKBENCH_VSCODE_EXECUTABLE, or use npm run test:vscode',
      );
    }
    process.exit(1);
  },
);
