// The suite's mocha instance. index.ts imports this module before the test files, so `suite` and `test` from
// 'mocha' are bound to this instance when the test files' top-level code runs.
import Mocha from 'mocha';
import { GREP_ENV, screenshotName } from '../protocol';
import { reportResult, screenshot } from './harness';

/** TDD interface (`suite`, `test`, `suiteSetup`, `setup`, `teardown`), 30 s per test. */
export const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'test/vscode/suite/index.ts', mocha);
const grep = process.env[GREP_ENV];
if (grep) mocha.grep(new RegExp(grep));

mocha.suite.afterEach('screenshot of a failure', async function () {
  const test = this.currentTest;
  // The name is made valid as a whole (a long title would otherwise make it too long to be saved).
  if (test?.state === 'failed')
    await screenshot(screenshotName(`failed-${test.fullTitle()}`)).catch((error) =>
      console.error(`no screenshot of the failure: ${error}`),
    );
});

/** Runs the registered tests, reporting each to the launcher; rejects when any failed. */
export function runMocha(): Promise<void> {
  return new Promise((resolve, reject) => {
    const reports: Promise<void>[] = [];
    const send = (test: Mocha.Runnable, state: 'passed' | 'failed' | 'pending', error?: Error) => {
      const result = {
        title: test.fullTitle(),
        state,
        durationMs: test.duration ?? 0,
        error: error && (error.stack ?? error.message),
      };
      reports.push(reportResult(result).catch((e) => console.error(`could not report "${result.title}": ${e}`)));
    };
    const runner = mocha.run((failures) => {
      void Promise.all(reports).then(() => {
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => send(test, 'passed'));
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => send(test, 'failed', error));
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => send(test, 'pending'));
  });
}
