import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { findEventTests, runEventTests, type EventTest, type TestOutcome } from '../../core/testing';
import type { Workbench } from '../workbench';

/**
 * The Testing view: every saved event with an expected result is a test item, nested under its template and
 * function. The Run profile runs them with the same runner as `lambda-workbench test`, on the editor's runtime;
 * a mismatch fails with an expected/actual diff and the invocation's logs as output.
 */
/** The Testing view's controller, and the run its Run profile does (all tests, or the given items). */
export interface EventTestsView {
  controller: vscode.TestController;
  refresh(): Promise<void>;
  run(request: vscode.TestRunRequest, token?: vscode.CancellationToken): Promise<TestOutcome[]>;
}

export function registerTestingView(context: vscode.ExtensionContext, workbench: Workbench): EventTestsView {
  const controller = vscode.tests.createTestController('lambdaWorkbench.eventTests', 'Lambda Events');
  const tests = new Map<string, EventTest>();

  const refresh = async (): Promise<void> => {
    const found = await findEventTests(workbench.functions.functions, (fn) => workbench.functions.folderOf(fn));
    tests.clear();
    const roots: vscode.TestItem[] = [];
    const groups = new Map<string, vscode.TestItem>();
    const group = (id: string, label: string, uri: vscode.Uri | undefined, parent?: vscode.TestItem): vscode.TestItem => {
      let item = groups.get(id);
      if (!item) {
        item = controller.createTestItem(id, label, uri);
        groups.set(id, item);
        if (parent) parent.children.add(item);
        else roots.push(item);
      }
      return item;
    };
    for (const test of found) {
      const template = test.fn.templatePath ?? dirname(test.eventPath);
      const templateItem = group(template, vscode.workspace.asRelativePath(template), vscode.Uri.file(template));
      const fnItem = group(test.fn.id, test.fn.name, test.fn.handlerFile ? vscode.Uri.file(test.fn.handlerFile) : undefined, templateItem);
      const item = controller.createTestItem(test.eventPath, test.eventName, vscode.Uri.file(test.eventPath));
      item.description = vscode.workspace.asRelativePath(test.expectedPath);
      fnItem.children.add(item);
      tests.set(item.id, test);
    }
    controller.items.replace(roots);
  };
  controller.resolveHandler = () => refresh();
  controller.refreshHandler = () => refresh();

  const runTests = async (request: vscode.TestRunRequest, token?: vscode.CancellationToken): Promise<TestOutcome[]> => {
    await refresh();
    const run = controller.createTestRun(request);
    const chosen: vscode.TestItem[] = [];
    const collect = (item: vscode.TestItem): void => {
      if (request.exclude?.some((x) => x.id === item.id)) return;
      if (tests.has(item.id)) chosen.push(item);
      item.children.forEach(collect);
    };
    if (request.include) request.include.forEach(collect);
    else controller.items.forEach(collect);
    const byId = new Map(chosen.map((item) => [item.id, item]));
    chosen.forEach((item) => run.started(item));
    try {
      if (token?.isCancellationRequested) return [];
      return await runEventTests(chosen.map((item) => tests.get(item.id)!), workbench.runtime(), { onOutcome: (o) => report(run, byId.get(o.test.eventPath)!, o) });
    } finally {
      run.end();
    }
  };
  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, async (request, token) => {
    await runTests(request, token);
  }, true);

  context.subscriptions.push(controller, workbench.functions.onDidChange(() => void refresh()));
  return { controller, refresh, run: runTests };
}

function report(run: vscode.TestRun, item: vscode.TestItem, outcome: TestOutcome): void {
  if (outcome.logs.length) run.appendOutput(`${outcome.logs.join('\r\n')}\r\n`, undefined, item);
  if (outcome.status === 'passed') return run.passed(item, outcome.durationMs);
  if (outcome.status === 'error' || !outcome.comparison) return run.errored(item, new vscode.TestMessage(outcome.message ?? 'the test could not run'), outcome.durationMs);
  const message = vscode.TestMessage.diff(outcome.message ?? 'the result differs from the expected one', outcome.comparison.expectedText, outcome.comparison.actualText);
  message.location = new vscode.Location(vscode.Uri.file(outcome.test.expectedPath), new vscode.Position(0, 0));
  run.failed(item, message, outcome.durationMs);
}
