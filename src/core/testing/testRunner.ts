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

/** How a test ended: `updated` when `--update` recorded its expectation, `error` when it could not run at all. */
export interface TestOutcome {
  test: EventTest;
  status: 'passed' | 'failed' | 'updated' | 'error';
  /** One line saying why it failed (absent when it passed). */
  message?: string;
  comparison?: Comparison;
  /** The invocation's log lines (START to REPORT), when it ran. */
  logs: string[];
  durationMs: number;
}

/** Anything that invokes a function locally (the LocalRuntime). */
export interface Invoker {
  invoke(fn: FunctionSpec, payload: string): Promise<InvocationResult>;
}

/** The tests of these functions: every saved event `events/<Function>/<name>.json` with a `<name>.expected.json`. */
export async function findEventTests(functions: FunctionSpec[], workspaceFolder?: string | ((fn: FunctionSpec) => string | undefined)): Promise<EventTest[]> {
  const tests: EventTest[] = [];
  for (const fn of functions) {
    const store = new EventStore(eventsBaseFor(fn, typeof workspaceFolder === 'function' ? workspaceFolder(fn) : workspaceFolder));
    for (const event of await store.list(fn.name)) {
      const expectedPath = store.expectedPathFor(fn.name, event.name);
      if (existsSync(expectedPath)) tests.push({ fn, eventName: event.name, eventPath: event.path, expectedPath });
    }
  }
  return tests;
}

/**
 * Runs the tests on the invoker, several at a time (no more per function than its reserved concurrency allows),
 * and reports each as it ends. With `update`, the results are recorded as the new expectations (their `ignore`
 * paths kept) instead of being compared.
 */
export async function runEventTests(tests: EventTest[], invoker: Invoker, options: { update?: boolean; onOutcome?: (outcome: TestOutcome) => void } = {}): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = new Array(tests.length);
  const byFunction = new Map<string, number[]>();
  tests.forEach((test, index) => byFunction.set(test.fn.id, [...(byFunction.get(test.fn.id) ?? []), index]));
  let free = availableParallelism();
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => (free > 0 ? (free--, Promise.resolve()) : new Promise((resolve) => waiting.push(resolve)));
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
  const done = (outcome: Omit<TestOutcome, 'test' | 'durationMs'>): TestOutcome => ({ test, durationMs: Date.now() - started, ...outcome });
  let eventText: string;
  let expectation: Expectation | undefined;
  try {
    eventText = await readFile(test.eventPath, 'utf8');
  } catch (error) {
    return done({ status: 'error', message: `cannot read the event: ${(error as Error).message}`, logs: [] });
  }
  try {
    expectation = parseExpectation(await readFile(test.expectedPath, 'utf8'), test.expectedPath);
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
  const ignore = expectation?.ignore ?? [];
  if (update) {
    await writeFile(test.expectedPath, formatExpectation({ ...actual, ...(ignore.length ? { ignore } : {}) } as Expectation));
    return done({ status: 'updated', logs: result.logs });
  }
  const expected = expectation!;
  if ('response' in expected && 'response' in actual) return verdict(done, compareResult(expected.response, actual.response, ignore), result.logs, 'the response differs from the expected one');
  if ('error' in expected && 'error' in actual) return verdict(done, compareResult(expected.error, actual.error, ignore), result.logs, 'the function error differs from the expected one');
  const message = 'error' in actual
    ? `the function failed with ${actual.error.errorType}: ${actual.error.errorMessage}, where a response was expected`
    : 'the function returned a response, where an error was expected';
  return done({ status: 'failed', message, comparison: compareResult(expected, actual, []), logs: result.logs });
}

function verdict(done: (outcome: Omit<TestOutcome, 'test' | 'durationMs'>) => TestOutcome, comparison: Comparison, logs: string[], why: string): TestOutcome {
  return comparison.equal ? done({ status: 'passed', comparison, logs }) : done({ status: 'failed', message: why, comparison, logs });
}

/** The invocation's result in the shape of an expectation: the parsed payload, or the error's type and message. */
function actualOf(result: InvocationResult): { response: unknown } | { error: { errorType: string; errorMessage: string } } {
  if (result.functionError) return { error: { errorType: result.error?.errorType ?? 'Unknown', errorMessage: result.error?.errorMessage ?? '' } };
  const text = result.payload.toString('utf8');
  try {
    return { response: JSON.parse(text) };
  } catch {
    // Not JSON: compared as the text the handler returned.
    return { response: text };
  }
}
