import { dirname, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import type { InvocationResult } from '../../core/runtime/types';
import {
  CoverageRun,
  findEventTests,
  runEventTests,
  type CoverageReport,
  type EventTest,
  type Invoker,
  type TestOutcome,
} from '../../core/testing';
import { Commands } from '../commandIds';
import { requireTrust } from '../guard';
import type { Workbench } from '../workbench';
import { eventsRoot } from './eventStoreFor';
import { LambdaFileCoverage } from './testCoverage';
import { reportOutcome } from './testReport';

/** How a run invokes: on the runtime, under the debugger (as the Debug lens does), or with coverage. */
export type TestRunMode = 'run' | 'debug' | 'coverage';

/** The Testing view's controller, its profiles, and what tests of the extension look at. */
export interface EventTestsView {
  controller: vscode.TestController;
  profiles: Record<TestRunMode, vscode.TestRunProfile>;
  refresh(): Promise<void>;
  /** Runs the request's tests (all when it includes none) the way `mode` says, and resolves when they have ended. */
  run(request: vscode.TestRunRequest, token?: vscode.CancellationToken, mode?: TestRunMode): Promise<TestOutcome[]>;
  /** The latest outcome of a test item, by its id. */
  lastOutcome(id: string): TestOutcome | undefined;
  /** The test of an item, by its id. */
  testOf(id: string): EventTest | undefined;
  /** What the latest coverage run measured. */
  readonly lastCoverage: CoverageReport | undefined;
}

/**
 * The Testing view: every saved event is a test item, nested under its template and function; one with an expected
 * result is compared with it, one without is new (its result can be accepted). Run, Debug and Run with Coverage use
 * the runner of `lambda-workbench test` on the editor's runtime; Run supports continuous runs on save.
 */
export function registerTestingView(context: vscode.ExtensionContext, workbench: Workbench): EventTestsView {
  const controller = vscode.tests.createTestController('lambdaWorkbench.eventTests', 'Lambda Events');
  const tests = new Map<string, EventTest>();
  const outcomes = new Map<string, TestOutcome>();
  const shownNotes = new Set<string>();
  let lastCoverage: CoverageReport | undefined;

  /** One scan of the saved events; the items and the test map change together, once the scan has ended. */
  const scan = async (): Promise<void> => {
    const found = await findEventTests(workbench.functions.functions, (fn) => workbench.functions.folderOf(fn), {
      eventsRoot: eventsRoot(),
      includeNew: true,
    });
    const scanned = new Map<string, EventTest>();
    const roots: vscode.TestItem[] = [];
    const groups = new Map<string, vscode.TestItem>();
    const group = (
      id: string,
      label: string,
      uri: vscode.Uri | undefined,
      parent?: vscode.TestItem,
    ): vscode.TestItem => {
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
      const fnItem = group(
        test.fn.id,
        test.fn.name,
        test.fn.handlerFile ? vscode.Uri.file(test.fn.handlerFile) : undefined,
        templateItem,
      );
      const item = controller.createTestItem(test.eventPath, test.eventName, vscode.Uri.file(test.eventPath));
      item.description = (await exists(test.expectedPath))
        ? vscode.workspace.asRelativePath(test.expectedPath)
        : 'new: no expected result yet';
      fnItem.children.add(item);
      scanned.set(item.id, test);
    }
    tests.clear();
    for (const [id, test] of scanned) tests.set(id, test);
    controller.items.replace(roots);
  };
  // Scans run one at a time, and a caller's refresh is one that started after its call: two overlapping scans (a
  // template change and a saved event at once) could otherwise end in either order and leave the older list shown.
  let scanning: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    if (!scanning) {
      scanning = scan().finally(() => (scanning = undefined));
      return scanning;
    }
    next ??= scanning
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return refresh();
      });
    return next;
  };
  controller.resolveHandler = () => refresh();
  controller.refreshHandler = () => refresh();

  const chosenItems = (request: vscode.TestRunRequest, only?: (test: EventTest) => boolean): vscode.TestItem[] => {
    const chosen: vscode.TestItem[] = [];
    const collect = (item: vscode.TestItem): void => {
      if (request.exclude?.some((x) => x.id === item.id)) return;
      const test = tests.get(item.id);
      if (test && (!only || only(test))) chosen.push(item);
      item.children.forEach(collect);
    };
    if (request.include) request.include.forEach(collect);
    else controller.items.forEach(collect);
    return chosen;
  };

  /** One test run of the chosen items (all the request names, or those `only` keeps). */
  const runOnce = async (
    request: vscode.TestRunRequest,
    mode: TestRunMode,
    token: vscode.CancellationToken | undefined,
    only?: (test: EventTest) => boolean,
  ): Promise<TestOutcome[]> => {
    await refresh();
    const chosen = chosenItems(request, only);
    const run = controller.createTestRun(request);
    const byId = new Map(chosen.map((item) => [item.id, item]));
    chosen.forEach((item) => run.started(item));
    if (token?.isCancellationRequested || !chosen.length) {
      run.end();
      return [];
    }
    const coverage = mode === 'coverage' ? await CoverageRun.start() : undefined;
    try {
      const invoker: Invoker =
        mode === 'debug' ? debugInvoker() : coverage ? coverage.invoker(workbench.runtime()) : workbench.runtime();
      const onOutcome = (o: TestOutcome) => {
        outcomes.set(o.test.eventPath, o);
        reportOutcome(run, byId.get(o.test.eventPath)!, o);
      };
      const done = await runEventTests(
        chosen.map((item) => tests.get(item.id)!),
        invoker,
        { onOutcome, concurrency: mode === 'debug' ? 1 : undefined },
      );
      void updateAcceptable();
      return done;
    } finally {
      // Collected even when the run failed part way: the coverage folder is removed either way.
      if (coverage) await addCoverage(run, coverage, new Set(chosen.map((item) => tests.get(item.id)!.fn.id)));
      run.end();
    }
  };

  const addCoverage = async (run: vscode.TestRun, coverage: CoverageRun, functionIds: Set<string>): Promise<void> => {
    // The instances that ran with coverage retire now: later runs start without it.
    for (const id of functionIds) workbench.runtime().recycle(id);
    const report = await coverage.collect();
    lastCoverage = report;
    for (const file of report.files) run.addCoverage(new LambdaFileCoverage(file));
    for (const note of report.notes) {
      run.appendOutput(`${note}\r\n`);
      if (shownNotes.has(note)) continue;
      shownNotes.add(note);
      void vscode.window.showWarningMessage(`Run with Coverage: ${note}`);
    }
  };

  /** Invokes through the Debug command, so the debugger attaches and stops as it does from the Debug lens. */
  const debugInvoker = (): Invoker => ({
    invoke: async (fn, payload) => {
      const result = await vscode.commands.executeCommand<InvocationResult | undefined>(Commands.debug, {
        functionId: fn.id,
        eventJson: payload,
        eventLabel: 'test event',
      });
      if (!result) throw new Error('the debug session did not start');
      return result;
    },
  });

  const updateAcceptable = () =>
    vscode.commands.executeCommand(
      'setContext',
      'lambdaWorkbench.acceptableTests',
      [...outcomes.values()]
        .filter((o) => (o.status === 'failed' || o.status === 'new') && o.actual)
        .map((o) => o.test.eventPath),
    );

  const execute = async (
    request: vscode.TestRunRequest,
    token?: vscode.CancellationToken,
    mode: TestRunMode = 'run',
  ): Promise<TestOutcome[]> => {
    if (!(await requireTrust(mode === 'debug' ? 'Debug' : 'Run'))) return [];
    const first = await runOnce(request, mode, token);
    if (request.continuous && token) watchSaves(request, mode, token);
    return first;
  };

  /** A continuous run: a saved file under a function's code folder runs that function's tests again, until cancelled. */
  const watchSaves = (request: vscode.TestRunRequest, mode: TestRunMode, token: vscode.CancellationToken): void => {
    let queue = Promise.resolve();
    const watcher = vscode.workspace.onDidSaveTextDocument((document) => {
      const file = document.uri.fsPath;
      const affected = (test: EventTest) =>
        file.startsWith(resolve(test.fn.codeDir) + sep) || file === test.eventPath || file === test.expectedPath;
      if (![...tests.values()].some(affected)) return;
      queue = queue
        .then(() => runOnce(request, mode, token, affected))
        .then(
          () => undefined,
          (error) => workbench.log.error(`continuous test run failed: ${(error as Error).message}`),
        );
    });
    token.onCancellationRequested(() => watcher.dispose());
    context.subscriptions.push(watcher);
  };

  const profiles: Record<TestRunMode, vscode.TestRunProfile> = {
    run: controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      async (request, token) => void (await execute(request, token, 'run')),
      true,
      undefined,
      true,
    ),
    debug: controller.createRunProfile(
      'Debug',
      vscode.TestRunProfileKind.Debug,
      async (request, token) => void (await execute(request, token, 'debug')),
      true,
    ),
    coverage: controller.createRunProfile(
      'Run with Coverage',
      vscode.TestRunProfileKind.Coverage,
      async (request, token) => void (await execute(request, token, 'coverage')),
      true,
    ),
  };
  profiles.coverage.loadDetailedCoverage = async (_run, coverage) =>
    typeof (coverage as Partial<LambdaFileCoverage>).details === 'function'
      ? (coverage as LambdaFileCoverage).details()
      : [];

  context.subscriptions.push(
    controller,
    workbench.functions.onDidChange(() => void refresh()),
  );
  return {
    controller,
    profiles,
    refresh,
    run: execute,
    lastOutcome: (id) => outcomes.get(id),
    testOf: (id) => tests.get(id),
    get lastCoverage() {
      return lastCoverage;
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(path));
    return true;
  } catch {
    return false;
  }
}
