import { isAbsolute, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import type { TestOutcome } from '../../core/testing';

/**
 * Tells the editor how one test ended: its logs as output, a pass, or a failure with an expected/actual diff; a
 * function error's stack frames link to the source, and the message sits on the handler's own frame.
 */
export function reportOutcome(run: vscode.TestRun, item: vscode.TestItem, outcome: TestOutcome): void {
  if (outcome.logs.length) run.appendOutput(`${outcome.logs.join('\r\n')}\r\n`, undefined, item);
  if (outcome.status === 'passed' || outcome.status === 'updated') return run.passed(item, outcome.durationMs);
  if (outcome.status === 'error' || !outcome.comparison) return run.errored(item, new vscode.TestMessage(outcome.message ?? 'the test could not run'), outcome.durationMs);
  const expected = outcome.status === 'new' ? '' : outcome.comparison.expectedText;
  const message = vscode.TestMessage.diff(outcome.message ?? 'the result differs from the expected one', expected, outcome.comparison.actualText);
  message.location = new vscode.Location(vscode.Uri.file(outcome.status === 'new' ? outcome.test.eventPath : outcome.test.expectedPath), new vscode.Position(0, 0));
  const frames = stackFrames(outcome.error?.trace ?? outcome.error?.stackTrace, outcome.test.fn.codeDir);
  if (frames.length) {
    message.stackTrace = frames.map((f) => new vscode.TestMessageStackFrame(f.label, vscode.Uri.file(f.file), new vscode.Position(f.line - 1, Math.max(0, f.column - 1))));
    const own = frames.find((f) => f.own) ?? frames[0];
    message.location = new vscode.Location(vscode.Uri.file(own.file), new vscode.Position(own.line - 1, Math.max(0, own.column - 1)));
  }
  run.failed(item, message, outcome.durationMs);
}

/** One frame of a function error's stack: 1-based line and column, and whether it is in the function's own code. */
export interface ErrorFrame {
  label: string;
  file: string;
  line: number;
  column: number;
  own: boolean;
}

/**
 * The frames of a function error's stack as the runtimes report it: Node.js's `trace` lines (`at fn (file:line:col)`)
 * or Python's `stackTrace` entries (`File "file", line N, in fn`). Frames without a file on disk are left out.
 */
export function stackFrames(trace: unknown, codeDir: string): ErrorFrame[] {
  const lines = (Array.isArray(trace) ? trace : []).flatMap((entry) => (typeof entry === 'string' ? entry.split('\n') : []));
  const root = resolve(codeDir) + sep;
  const frames: ErrorFrame[] = [];
  for (const line of lines) {
    const node = /^\s*at (?:(.+?) \()?(?:file:\/\/)?(\/[^()]+?|[A-Za-z]:\\[^()]+?):(\d+):(\d+)\)?\s*$/.exec(line);
    const python = /^\s*File "(.+)", line (\d+)(?:, in (.+))?/.exec(line);
    const frame = node
      ? { label: node[1] ?? '<anonymous>', file: node[2], line: Number(node[3]), column: Number(node[4]) }
      : python
        ? { label: python[3] ?? '<module>', file: python[1], line: Number(python[2]), column: 1 }
        : undefined;
    if (frame && isAbsolute(frame.file)) frames.push({ ...frame, own: frame.file.startsWith(root) && !/[\\/]node_modules[\\/]/.test(frame.file) });
  }
  return frames;
}
