import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { EventStore, eventsBaseFor } from '../events';
import type { FunctionSpec } from '../model';
import type { InvocationResult } from '../runtime/types';
import { compareResult, type Comparison } from './compare';
import { formatExpectation, parseExpectation, type Expectation } from './expectation';

/** One saved event that has an expected result. */
export interface EventTest {
  fn: FunctionSpec;
  eventName: string;
  eventPath: string;
  expectedPath: string;
}

/**
 * How a test ended: `updated` when `--update` recorded its expectation, `new` when the event has no expectation yet
 * (its result is there to be accepted), `error` when it could not run at all.
 */
export interface TestOutcome {
  test: EventTest;
  status: 'passed' | 'failed' | 'updated' | 'new' | 'error';
  /** One line saying why it failed (absent when it passed). */
  message?: string;
  comparison?: Comparison;
  /** The invocation's log lines (START to REPORT), when it ran. */
  logs: string[];
  durationMs: number;
  /** The invocation's result in the shape of an expectation, when it ran: what accepting it records. */
  actual?: ActualResult;
  /** The function error's body (its stack trace mapped to the sources), when it failed with one. */
  error?: InvocationResult['error'];
}

/** An invocation's result as an expectation holds it: the parsed payload, or the error's type and message. */
export type ActualResult = { response: unknown } | { error: { errorType: string; errorMessage: string } };

/** Where to look for tests. */
export interface FindTestsOptions {
  /** The events folder beside each template (`events` by default; the editor's `lambdaWorkbench.eventsFolder`). */
  eventsRoot?: string;
  /** Also saved events without an expectation yet (the editor lists them as new tests; the CLI runs only the others). */
  includeNew?: boolean;
}

/** Anything that invokes a function locally (the LocalRuntime). */
export interface Invoker {
  invoke(fn: FunctionSpec, payload: string): Promise<InvocationResult>;
}

/** The tests of these functions: every saved event `events/<Function>/<name>.json` with a `<name>.expected.json`. */
export async function findEventTests(
  functions: FunctionSpec[],
  workspaceFolder?: string | ((fn: FunctionSpec) => string | undefined),
  options: FindTestsOptions = {},
): Promise<EventTest[]> {
  const tests: EventTest[] = [];
  for (const fn of functions) {
    const store = new EventStore(
      eventsBaseFor(fn, typeof workspaceFolder === 'function' ? workspaceFolder(fn) : workspaceFolder),
      options.eventsRoot,
    );
    for (const event of await store.list(fn.name)) {
      const expectedPath = store.expectedPathFor(fn.name, event.name);
      if (options.includeNew || existsSync(expectedPath))
        tests.push({ fn, eventName: event.name, eventPath: event.path, expectedPath });
    }
  }
  return tests;
}

/** Records a result as the test's expectation, keeping the `ignore` paths of the one it replaces. */
export async function recordExpectation(test: EventTest, actual: ActualResult): Promise<void> {
  let ignore: string[] = [];
  try {
    ignore = parseExpectation(await readFile(test.expectedPath, 'utf8'), test.expectedPath).ignore ?? [];
  } catch {
    // No expectation yet, or one that cannot be read: the new one replaces it whole.
  }
  await writeFile(
    test.expectedPath,
    formatExpectation({ ...actual, ...(ignore.length ? { ignore } : {}) } as Expectation),
  );
}

/**
 * Runs the tests on the invoker, several at a time (no more per function than its reserved concurrency allows),
 * and reports each as it ends; an event without an expectation ends `new`. With `update`, the results are recorded as the new expectations (their `ignore`
 * paths kept) instead of being compared.
 */
export async function runEventTests(
  tests: EventTest[],
  invoker: Invoker,
  options: {
    update?: boolean;
    onOutcome?: (outcome: TestOutcome) => void;
    /** At most this many at once (a debug run takes one at a time). */ concurrency?: number;
  } = {},
): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = new Array(tests.length);
  const byFunction = new Map<string, number[]>();
  tests.forEach((test, index) => byFunction.set(test.fn.id, [...(byFunction.get(test.fn.id) ?? []), index]));
  let free = options.concurrency ?? availableParallelism();
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> =>
    free > 0 ? (free--, Promise.resolve()) : new Promise((resolve) => waiting.push(resolve));
  const release = (): void => {
    const wake = waiting.shift();
    if (wake) wake();
    else free++;
  };
  const workers: Promise<void>[] = [];
  for (const queue of byFunction.values()) {
    const fn = tests[queue[0]].fn;
    const worker = async (): Promise<void> => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        await acquire();
        try {
          outcomes[index] = await runOne(tests[index], invoker, options.update ?? false);
        } finally {
          release();
        }
        options.onOutcome?.(outcomes[index]);
      }
    };
    const count = Math.min(queue.length, fn.reservedConcurrency ?? queue.length);
    for (let i = 0; i < count; i++) workers.push(worker());
  }
  await Promise.all(workers);
  return outcomes;
}

async function runOne(test: EventTest, invoker: Invoker, update: boolean): Promise<TestOutcome> {
  const started = Date.now();
  const done = (outcome: Omit<TestOutcome, 'test' | 'durationMs'>): TestOutcome => ({
    test,
    durationMs: Date.now() - started,
    ...outcome,
  });
  let eventText: string;
  let expectation: Expectation | undefined;
  try {
    eventText = await readFile(test.eventPath, 'utf8');
  } catch (error) {
    return done({ status: 'error', message: `cannot read the event: ${(error as Error).message}`, logs: [] });
  }
  const isNew = !existsSync(test.expectedPath);
  try {
    if (!isNew) expectation = parseExpectation(await readFile(test.expectedPath, 'utf8'), test.expectedPath);
  } catch (error) {
    // Recording afresh replaces an unreadable expectation; only its ignore paths would have been kept.
    if (!update) return done({ status: 'error', message: (error as Error).message, logs: [] });
  }
  let result: InvocationResult;
  try {
    result = await invoker.invoke(test.fn, eventText);
  } catch (error) {
    return done({ status: 'error', message: `the event could not be sent: ${(error as Error).message}`, logs: [] });
  }
  const actual = actualOf(result);
  const ran = { logs: result.logs, actual, ...(result.functionError ? { error: result.error } : {}) };
  const ignore = expectation?.ignore ?? [];
  if (update) {
    await writeFile(
      test.expectedPath,
      formatExpectation({ ...actual, ...(ignore.length ? { ignore } : {}) } as Expectation),
    );
    return done({ status: 'updated', ...ran });
  }
  if (isNew)
    return done({
      status: 'new',
      message: `no expected result yet: accepting this one records it in ${test.expectedPath}`,
      comparison: compareResult(undefined, actual),
      ...ran,
    });
  const expected = expectation!;
  const kind = 'response' in expected ? 'response' : 'error';
  if (kind in actual) {
    const comparison = compareResult(partOf(expected, kind), partOf(actual, kind), ignore);
    if (comparison.equal) return done({ status: 'passed', comparison, ...ran });
    const what = kind === 'response' ? 'the response' : 'the function error';
    return done({ status: 'failed', message: `${what} differs from the expected one`, comparison, ...ran });
  }
  const message =
    'error' in actual
      ? `the function failed with ${actual.error.errorType}: ${actual.error.errorMessage}, where a response was expected`
      : 'the function returned a response, where an error was expected';
  return done({ status: 'failed', message, comparison: compareResult(expected, actual, []), ...ran });
}

/** The part of a result or expectation a test compares: its response or its function error. */
function partOf(result: ActualResult | Expectation, kind: 'response' | 'error'): unknown {
  return (result as Record<string, unknown>)[kind];
}

/** The invocation's result in the shape of an expectation: the parsed payload, or the error's type and message. */
export function actualOf(result: InvocationResult): ActualResult {
  if (result.functionError)
    return {
      error: { errorType: result.error?.errorType ?? 'Unknown', errorMessage: result.error?.errorMessage ?? '' },
    };
  const text = result.payload.toString('utf8');
  try {
    return { response: JSON.parse(text) };
  } catch {
    // Not JSON: compared as the text the handler returned.
    return { response: text };
  }
}
