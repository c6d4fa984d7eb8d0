// Runs the UI tests on the workbench page, each bounded by its own time limit, screenshotting failures.
import { GREP_ENV, screenshotName } from './protocol';
import type { Results } from './results';
import type { UiContext, UiTest } from './ui/uiTest';

/** Rejects with `message` if `promise` has not settled after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `tests` in order (those matching $LAMBDA_WORKBENCH_TEST_GREP when set) and adds their outcomes to `results`. */
export async function runUiTests(tests: UiTest[], context: UiContext, results: Results): Promise<void> {
  const grep = process.env[GREP_ENV] ? new RegExp(process.env[GREP_ENV]) : undefined;
  for (const test of tests.filter((t) => !grep || grep.test(t.title))) {
    const limit = test.timeoutMs ?? 30_000;
    const started = Date.now();
    try {
      await withTimeout(test.run(context), limit, `timed out after ${limit} ms`);
      results.add({ title: test.title, state: 'passed', durationMs: Date.now() - started });
    } catch (error) {
      const shot = await context.screenshot(screenshotName(`failed-${test.title}`)).catch(() => undefined);
      const message = (error as Error).stack ?? String(error);
      results.add({
        title: test.title,
        state: 'failed',
        durationMs: Date.now() - started,
        error: shot ? `${message}\nscreenshot: ${shot}` : message,
      });
    }
  }
}
