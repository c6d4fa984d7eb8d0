import * as vscode from 'vscode';
import { stackFrames, type TestOutcome } from '../../core/testing';

/**
 * Tells the editor how one test ended: its logs as output, a pass, or a failure with an expected/actual diff; a
 * function error's stack frames link to the source, and the message sits on the handler's own frame.
 */
export function reportOutcome(run: vscode.TestRun, item: vscode.TestItem, outcome: TestOutcome): void {
  if (outcome.logs.length) run.appendOutput(`${outcome.logs.join('\r\n')}\r\n`, undefined, item);
  if (outcome.status === 'passed' || outcome.status === 'updated') return run.passed(item, outcome.durationMs);
  if (outcome.status === 'error' || !outcome.comparison)
    return run.errored(item, new vscode.TestMessage(outcome.message ?? 'the test could not run'), outcome.durationMs);
  const expected = outcome.status === 'new' ? '' : outcome.comparison.expectedText;
  const message = vscode.TestMessage.diff(
    outcome.message ?? 'the result differs from the expected one',
    expected,
    outcome.comparison.actualText,
  );
  message.location = new vscode.Location(
    vscode.Uri.file(outcome.status === 'new' ? outcome.test.eventPath : outcome.test.expectedPath),
    new vscode.Position(0, 0),
  );
  const frames = stackFrames(outcome.error?.trace ?? outcome.error?.stackTrace, outcome.test.fn.codeDir);
  if (frames.length) {
    message.stackTrace = frames.map(
      (f) =>
        new vscode.TestMessageStackFrame(
          f.label,
          vscode.Uri.file(f.file),
          new vscode.Position(f.line - 1, Math.max(0, f.column - 1)),
        ),
    );
    const own = frames.find((f) => f.own) ?? frames[0];
    message.location = new vscode.Location(
      vscode.Uri.file(own.file),
      new vscode.Position(own.line - 1, Math.max(0, own.column - 1)),
    );
  }
  run.failed(item, message, outcome.durationMs);
}
