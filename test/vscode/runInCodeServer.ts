// `npm run test:vscode`: runs the in-editor suite (dist/test/vscode/suite.js) inside code-server's extension host,
// then the UI tests on the same page, and prints each result and the closing `N passed, N failed` line.
// Usage: node --import tsx test/vscode/runInCodeServer.ts [--grep <pattern>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureCodeServer, startCodeServer, type CodeServer } from '../../scripts/vscodeServer.mjs';
import { startMoto, type Moto } from '../support/moto';
import { startHarnessServer, type HarnessServer } from './harnessServer';
import { GREP_ENV, HARNESS_URL_ENV } from './protocol';
import { Results } from './results';
import { runUiTests, withTimeout } from './runUiTests';
import { uiTests } from './ui';
import { openBrowser, waitForWorkbench, type Browser } from './workbench';

const root = resolve(__dirname, '..', '..');
const examples = join(root, 'examples');
const resultsDir = join(root, 'test-results');
const suiteModule = join(root, 'dist', 'test', 'vscode', 'suite.js');
/** The extension under test: this checkout, or another unpacked build of it. */
const extension = resolve(process.env.LAMBDA_WORKBENCH_EXTENSION_DIR || root);
/**
 * The suite's time limit grows with its number of tests (each `test(` in test/vscode/suite), with room for a loaded
 * 2-core machine: 60 s to start plus 8 s a test. LAMBDA_WORKBENCH_SUITE_TIMEOUT (seconds) overrides it.
 */
const SUITE_LIMIT_S = Number(process.env.LAMBDA_WORKBENCH_SUITE_TIMEOUT) || 60 + 8 * declaredSuiteTests();

function declaredSuiteTests(): number {
  const dir = join(root, 'test', 'vscode', 'suite');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .reduce((sum, f) => sum + (readFileSync(join(dir, f), 'utf8').match(/^\s*test\(/gm)?.length ?? 0), 0);
}
const WORKBENCH_LIMIT_MS = 45_000;
/**
 * The fewest in-editor suite tests a full run executes: far fewer means the suite stopped loading some of its files
 * (a throw at import, a bad glob) while still reporting green. Raise it as the suite grows.
 */
const MIN_SUITE_TESTS = 66;

interface AutomationLog {
  relativePath: string;
  contents: string;
}

const started = Date.now();
const results = new Results();
let server: CodeServer | undefined;
let harness: HarnessServer | undefined;
let browser: Browser | undefined;
let moto: Moto | undefined;
let interrupted = false;

async function cleanup(): Promise<void> {
  await Promise.allSettled([browser?.close(), server?.stop(), harness?.close(), moto?.stop()]);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping VS Code and the browser`);
    void cleanup().finally(() => process.exit(130));
  });
}

function saveLogs(logs: AutomationLog[] | undefined): void {
  const dir = join(resultsDir, 'vscode-logs');
  for (const { relativePath, contents } of logs ?? []) {
    const path = join(dir, relativePath.replace(/\.\.+/g, '.'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
  }
  if (server) writeFileSync(join(resultsDir, 'code-server.log'), server.logTail(400));
}

/** Opens the workbench with the suite as extensionTestsPath and waits for its exit code (or the time limit). */
async function runSuite(page: Browser['page']): Promise<void> {
  let finish!: (exit: { code: number; logs?: AutomationLog[] }) => void;
  const finished = new Promise<{ code: number; logs?: AutomationLog[] }>((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number, logs?: AutomationLog[]) => finish({ code, logs }));
  const url = server!.workbenchUrl({
    folder: examples,
    extensionDevelopmentPath: extension,
    extensionTestsPath: suiteModule,
  });
  await page.goto(url);
  const exit = await withTimeout(finished, SUITE_LIMIT_S * 1000, 'timeout').catch(() => undefined);
  if (!exit) {
    const shot = await browser!.screenshot('failed-suite-timeout').catch(() => undefined);
    results.fail(
      'in-editor suite',
      `the suite did not finish within ${SUITE_LIMIT_S} s (LAMBDA_WORKBENCH_SUITE_TIMEOUT); screenshot: ${shot}`,
    );
    saveLogs(undefined);
  } else if (exit.code !== 0) {
    saveLogs(exit.logs);
    if (results.failed === 0) {
      await browser!.screenshot('failed-suite-exit').catch(() => undefined);
      results.fail(
        'in-editor suite',
        `the suite ended with exit code ${exit.code} without a failing test; logs in ${join(resultsDir, 'vscode-logs')}`,
      );
    }
  }
}

async function main(): Promise<number> {
  const grepAt = process.argv.indexOf('--grep');
  if (grepAt > 0) process.env[GREP_ENV] = process.argv[grepAt + 1] ?? '';
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the build failed (exit code ${build.status})`);
  if (!existsSync(suiteModule)) throw new Error(`${suiteModule} was not built`);
  const entry = ensureCodeServer();
  mkdirSync(resultsDir, { recursive: true });
  for (const stale of readdirSync(resultsDir).filter((f) => f.startsWith('failed-') && f.endsWith('.png')))
    rmSync(join(resultsDir, stale));

  browser = await openBrowser(resultsDir);
  const shoot = browser.screenshot;
  harness = await startHarnessServer({ result: (r) => results.add(r), screenshot: shoot });
  const env: Record<string, string> = { [HARNESS_URL_ENV]: harness.url };
  if (process.env[GREP_ENV]) env[GREP_ENV] = process.env[GREP_ENV];
  // AWS calls go to moto: it sets AWS_ENDPOINT_URL, dummy credentials and AWS_REGION, which code-server inherits.
  moto = await startMoto();
  server = await startCodeServer({ entry, workspace: examples, env });
  console.log(`VS Code (code-server) on ${server.origin}; running the in-editor suite`);
  await runSuite(browser.page);
  const suiteCounts = results.counts();
  console.log(
    `suite in-editor: ${suiteCounts.executed} executed, ${suiteCounts.skipped} skipped, ${suiteCounts.failed} failed`,
  );
  if (!process.env[GREP_ENV] && suiteCounts.executed < MIN_SUITE_TESTS) {
    results.fail(
      'in-editor suite',
      `only ${suiteCounts.executed} tests executed; a full run executes at least ${MIN_SUITE_TESTS}`,
    );
  }

  console.log('UI tests');
  await browser.page.goto(server.workbenchUrl({ folder: examples, extensionDevelopmentPath: extension }));
  try {
    await waitForWorkbench(browser.page, WORKBENCH_LIMIT_MS);
    await runUiTests(
      uiTests,
      {
        page: browser.page,
        examples,
        screenshot: shoot,
        extension,
        workbenchUrl: (target) => server!.workbenchUrl(target),
        resultsDir,
      },
      results,
    );
    const ui = results.counts();
    const executed = ui.executed - suiteCounts.executed;
    console.log(
      `suite UI: ${executed} executed, ${ui.skipped - suiteCounts.skipped} skipped, ${ui.failed - suiteCounts.failed} failed`,
    );
    const grep = process.env[GREP_ENV] ? new RegExp(process.env[GREP_ENV]) : undefined;
    const selected = uiTests.filter((test) => !grep || grep.test(test.title)).length;
    if (executed < selected) results.fail('UI tests', `${executed} of ${selected} UI tests executed`);
  } catch (error) {
    await shoot('failed-workbench').catch(() => undefined);
    results.fail(
      'UI: workbench',
      `the workbench did not come up within ${WORKBENCH_LIMIT_MS / 1000} s: ${(error as Error).message}`,
    );
  }
  await shoot('workbench').catch((error) => results.fail('UI: workbench screenshot', String(error)));
  return results.failed > 0 ? 1 : 0;
}

// Every failure is caught and counted above; the process exits from the last step.
void main()
  .catch((error: Error) => {
    if (!interrupted) results.fail('harness', error.message);
    return 1;
  })
  .then(async (code) => {
    // After a signal, its handler cleans up and exits.
    if (interrupted) return;
    if (code !== 0 && server) saveLogs(undefined);
    await cleanup();
    if (results.skipped > 0 && process.env.CI === 'true') {
      console.log(`CI=true: ${results.skipped} skipped test(s) fail the run; every prerequisite is installed under CI`);
      code = 1;
    }
    console.log(results.summary());
    console.log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${resultsDir}`);
    process.exit(code);
  });
