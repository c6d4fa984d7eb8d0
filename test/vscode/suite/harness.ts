// Helpers for tests that run inside the editor (test/vscode/suite/*.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import { HARNESS_URL_ENV, SCREENSHOT_NAME, type TestResult } from '../protocol';

function harnessUrl(): string | undefined {
  return process.env[HARNESS_URL_ENV] || undefined;
}

async function post(route: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const response = await fetch(`${harnessUrl()}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${route} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Asks the launcher to save a screenshot of the whole workbench page as `test-results/<name>.png`, and resolves
 * with the file's path once it is written. `name` may hold letters, digits, '.', '_' and '-' (at most 80 characters).
 * Under a launcher that has no page to photograph (`npm run test:electron`) it does nothing and resolves to undefined.
 *
 * @example await screenshot('tree-after-refresh');
 */
export async function screenshot(name: string): Promise<string | undefined> {
  if (!SCREENSHOT_NAME.test(name)) {
    throw new Error(`screenshot name "${name}" is not a plain file name (letters, digits, '.', '_', '-'; at most 80)`);
  }
  if (!harnessUrl()) return undefined;
  const answer = (await post('/screenshot', { name }, 20_000)) as { path: string };
  return answer.path;
}

/** Sends one test's outcome to the launcher, which prints it and counts it (no-op without a launcher endpoint). */
export async function reportResult(result: TestResult): Promise<void> {
  if (!harnessUrl()) return;
  await post('/result', result, 10_000);
}

/**
 * Calls `probe` every `intervalMs` until it returns something other than undefined or false, and resolves with
 * that value; rejects with "timed out after N ms waiting for <what>" once `timeoutMs` has passed.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The examples/ workspace folder the suite runs in. */
export function examplesFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the suite must run with examples/ as its workspace');
  return folder;
}

/** The extension's API, once it is active and has discovered the examples' functions. */
export async function lambdaApi(): Promise<LambdaWorkbenchApi> {
  const ext = vscode.extensions.getExtension<LambdaWorkbenchApi>('lambda-workbench.lambda-workbench');
  assert.ok(ext, 'the extension lambda-workbench.lambda-workbench is installed');
  const api = await ext.activate();
  await api.workbench.functions.start();
  return api;
}

/** The promise's value, or a failure naming what did not happen within timeoutMs. */
export async function within<T>(promise: Thenable<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)),
  );
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A debugger's stop, as its adapter reported it. */
export interface DebugStop {
  session: vscode.DebugSession;
  threadId: number;
  reason: string;
}

/** Records every `stopped` event of every debug adapter, until disposed. */
export function recordStops(): { stops: DebugStop[] } & vscode.Disposable {
  const stops: DebugStop[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: { reason: string; threadId: number } }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body)
          stops.push({ session, threadId: message.body.threadId, reason: message.body.reason });
      },
    }),
  });
  return { stops, dispose: () => tracker.dispose() };
}
