import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';
import { streamAsText } from '../../core/runtime/streaming/textStream';
import type { InvocationResult, InvokeOptions } from '../../core/runtime/types';
import { Commands, type SavedEventArg } from '../commandIds';
import { commandTarget } from '../commandTarget';
import { ensureTrusted, guarded } from '../guard';
import type { Workbench } from '../workbench';
import { eventError, type ChosenEvent } from './eventPicker';
import { ResultPanels } from './resultPanel';
import { resultModel } from './resultView';

/** Runs a function on the local runtime and shows its result; shared by Run, and by Debug with `options.debug`. */
export class FunctionRunner {
  private readonly buildProblems = vscode.languages.createDiagnosticCollection('lambda-build');
  private readonly panels: ResultPanels;
  /** The last result of each function (the editor's tests read it through the extension's API). */
  readonly lastResults = new Map<string, InvocationResult>();

  constructor(private readonly workbench: Workbench) {
    this.panels = new ResultPanels(workbench.context.extensionUri);
    workbench.context.subscriptions.push(this.buildProblems, this.panels);
  }

  /** Resolves the function and the event (asking when not given), then runs. Undefined when the user dismissed a pick; refusals are thrown. */
  async run(arg: unknown, options: InvokeOptions & { verb?: string } = {}): Promise<InvocationResult | undefined> {
    const verb = options.verb ?? 'Run';
    const target = await commandTarget(this.workbench, arg, {
      action: verb,
      pickTitle: `${verb} which function?`,
      event: 'pick',
    });
    return target && this.runWith(target.fn, target.event!, options);
  }

  async runWith(
    fn: FunctionSpec,
    event: ChosenEvent,
    options: InvokeOptions & { verb?: string } = {},
  ): Promise<InvocationResult> {
    const spec = this.workbench.environments.apply(fn);
    this.workbench.log.info(`${options.verb ?? 'Run'} ${fn.name} with event "${event.label}"`);
    const title = `${options.verb === 'Debug' ? 'Debugging' : 'Running'} ${fn.name}`;
    const controller = new AbortController();
    const runAgain = () => void this.runWith(fn, event, options);
    let view: { append(text: string): void } | undefined;
    const stream = streamAsText({
      onText: (text) => view?.append(text),
      onPrelude: (prelude) => view?.append(`${JSON.stringify(prelude, null, 2)}\n\n`),
      onProblem: (message) => this.workbench.log.warn(`${fn.name}: ${message}`),
    });
    const running = this.workbench.runtime().invoke(spec, event.json, {
      ...options,
      signal: controller.signal,
      // A streaming function's result view opens at its first bytes and grows as they arrive.
      stream: {
        onStart: (contentType) => {
          view = this.panels.showStreaming(fn.id, `${fn.name}: streaming`, event.label, runAgain);
          stream.onStart?.(contentType);
        },
        onChunk: (chunk) => stream.onChunk(chunk),
      },
    });
    const result = await withRunProgress(title, running, () => controller.abort());
    this.lastResults.set(fn.id, result);
    this.showBuildProblem(fn, result);
    this.panels.show(fn.id, resultModel(fn, event.label, result, this.workbench.pricing()), runAgain);
    if (result.status !== 'success')
      this.workbench.log.warn(`${fn.name} ${result.status}: ${result.error?.errorType}: ${result.error?.errorMessage}`);
    return result;
  }

  private showBuildProblem(fn: FunctionSpec, result: InvocationResult): void {
    this.buildProblems.clear();
    const location = (result.error as { location?: { file: string; line: number; column: number } } | undefined)
      ?.location;
    if (!location) return;
    const position = new vscode.Position(location.line, location.column);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(position, position.translate(0, 1)),
      `${fn.name}: ${result.error?.errorMessage}`,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'Lambda Workbench';
    this.buildProblems.set(vscode.Uri.file(location.file), [diagnostic]);
  }
}

/** How long a run goes before a cancellable notification joins the status bar spinner. */
const NOTIFY_AFTER_MS = 2000;

/**
 * A spinner in the status bar while the run lasts; a run still going after two seconds also gets a notification
 * with Cancel (which stops the instance: the run ends with Runtime.ExitError), so quick runs leave no clutter.
 */
function withRunProgress<T>(title: string, running: Promise<T>, cancel: () => void): Promise<T> {
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () =>
    running.catch(() => undefined),
  );
  const timer = setTimeout(() => {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(cancel);
        return running.catch(() => undefined);
      },
    );
  }, NOTIFY_AFTER_MS);
  return running.finally(() => clearTimeout(timer));
}

/** Run, Run with This Event, Stop Warm Instances, Show Logs; and the Run lens above every handler. */
export function registerRunCommands(context: vscode.ExtensionContext, workbench: Workbench): FunctionRunner {
  const runner = new FunctionRunner(workbench);
  const log = workbench.log;
  context.subscriptions.push(
    vscode.commands.registerCommand(
      Commands.run,
      guarded(log, 'Run', (arg?: unknown) => runner.run(arg)),
    ),
    vscode.commands.registerCommand(
      Commands.runWithEvent,
      guarded(log, 'Run', async (arg: SavedEventArg) => {
        ensureTrusted('Run');
        const fn = workbench.requireFunction(arg.functionId);
        const json = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(arg.path))).toString('utf8');
        const event = { label: arg.eventName, json, path: arg.path };
        const error = eventError(event);
        if (error) throw error;
        return runner.runWith(fn, event);
      }),
    ),
    vscode.commands.registerCommand(Commands.stopInstances, () => {
      workbench.runtime().recycle();
      log.info('Stopped every warm instance; the next run starts fresh ones.');
    }),
    vscode.commands.registerCommand(Commands.showLogs, () => log.show()),
    workbench.addAction({ title: '$(play) Run', command: Commands.run, needsTrust: true, order: 1 }),
  );
  return runner;
}
