// What the in-editor suite and the launchers agree on: environment variables, the result shape, screenshot names.

/** Holds the launcher's loopback endpoint (http://127.0.0.1:PORT); the extension host inherits it from code-server. */
export const HARNESS_URL_ENV = 'LAMBDA_WORKBENCH_HARNESS_URL';

/** A pattern: only tests whose full title matches it run (suite and UI tests alike). */
export const GREP_ENV = 'LAMBDA_WORKBENCH_TEST_GREP';

/** The outcome of one test, as the suite posts it to the launcher's /result. */
export interface TestResult {
  /** The test's full title: its suites' titles and its own. */
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  /** The failure's message and stack, for failed tests. */
  error?: string;
}

/** What a screenshot name may be: it becomes test-results/<name>.png. */
export const SCREENSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Turns any title into a valid screenshot name. */
export function screenshotName(title: string): string {
  const slug = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return slug.slice(0, 80) || 'unnamed';
}
