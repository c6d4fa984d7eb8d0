import { dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposableStore';
import type { AsyncInvoker } from '../../core/async/asyncInvoker';
import type { AsyncDestinations, DestinationRecord, RecordCondition } from '../../core/async/types';
import type { FunctionSpec } from '../../core/model';
import type { Workbench } from '../workbench';
import type { FunctionEnvironments } from '../functionEnvironments';
import { attemptLogLine, recordMessage } from './localText';

/** Where asynchronous records go, relative to the workspace folder. */
export const RECORD_FILE = join('.lambda-workbench', 'async-records.jsonl');

/** How an accepted event ended. */
export interface AsyncOutcome {
  condition: RecordCondition;
  attempts: number;
  /** The record written for it (failures, and successes with an on-success destination). */
  record?: DestinationRecord;
}

/** An event accepted for asynchronous invocation. */
export interface AcceptedEvent {
  requestId: string;
  /** The record file of the function's workspace folder. */
  recordPath: string;
  /** Resolves once the event succeeded or its retries are over. */
  settled: Promise<AsyncOutcome>;
}

/**
 * Event (asynchronous) invocations on the local runtime, as Lambda runs them: retries logged attempt by attempt,
 * the template's destinations, and one record per settled failure in `.lambda-workbench/async-records.jsonl` of
 * the function's workspace folder, offered to open in a notification. Schedules deliver through it as well.
 */
export class AsyncInvocations implements vscode.Disposable {
  private readonly invokers = new Map<string, AsyncInvoker>();
  private readonly destinations = new Map<string, AsyncDestinations | undefined>();
  private readonly waiting = new Map<string, { attempts: number; resolve: (outcome: AsyncOutcome) => void }>();
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly workbench: Workbench,
    private readonly environments: FunctionEnvironments,
  ) {
    // Destinations are read from the templates again after any change.
    this.disposables.add(workbench.functions.onDidChange(() => this.destinations.clear()));
  }

  /** Accepts an event as Lambda's 202 does; throws as Lambda refuses them (over 1 MB, not JSON). */
  enqueue(fn: FunctionSpec, payload: string): AcceptedEvent {
    const recordPath = this.recordPathOf(fn);
    const { requestId } = this.invokerFor(recordPath).enqueue(fn, payload);
    const settled = new Promise<AsyncOutcome>((resolve) => this.waiting.set(requestId, { attempts: 0, resolve }));
    this.workbench.log.info(`[async] ${fn.name} ${requestId.slice(0, 8)}: accepted (202), request id ${requestId}`);
    return { requestId, recordPath, settled };
  }

  /** The record file of a function's workspace folder. */
  recordPathOf(fn: FunctionSpec): string {
    const folder = this.workbench.functions.folderOf(fn) ?? (fn.templatePath ? dirname(fn.templatePath) : fn.codeDir);
    return join(folder, RECORD_FILE);
  }

  /** Opens a record file at its last line. */
  async openRecords(recordPath: string): Promise<void> {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(recordPath), { preview: false });
    const last = Math.max(0, editor.document.lineCount - 2);
    editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.InCenter);
    editor.selection = new vscode.Selection(last, 0, last, 0);
  }

  dispose(): void {
    for (const invoker of this.invokers.values()) void invoker.dispose();
    this.disposables.dispose();
  }

  private invokerFor(recordPath: string): AsyncInvoker {
    let invoker = this.invokers.get(recordPath);
    if (invoker) return invoker;
    const { AsyncInvoker } = require('../../core/async/asyncInvoker') as typeof import('../../core/async/asyncInvoker');
    const log = this.workbench.log;
    invoker = new AsyncInvoker({
      invoke: (fn, payload, options) => this.workbench.runtime().invoke(this.environments.apply(fn), payload, options),
      recordPath,
      region: this.workbench.runtime().region,
      destinationFor: (fn) => this.destinationOf(fn),
      onAttempt: (attempt) => {
        const line = attemptLogLine(attempt.fn.name, attempt);
        if (attempt.result.status === 'success') log.info(line);
        else log.warn(line);
        const waiter = this.waiting.get(attempt.requestId);
        if (!waiter) return;
        waiter.attempts = attempt.attempt;
        if (attempt.result.status === 'success' && !this.destinationOf(attempt.fn)?.onSuccess)
          this.settle(attempt.requestId, { condition: 'Success', attempts: attempt.attempt });
      },
      onRecord: (record) => this.recorded(record, recordPath),
      onError: (error) => log.error(`[async] ${error.message}`),
    });
    this.invokers.set(recordPath, invoker);
    return invoker;
  }

  private recorded(record: DestinationRecord, recordPath: string): void {
    const fn = this.workbench.functions.byId(record.functionId);
    const name = fn?.name ?? record.functionId;
    const folder = fn && this.workbench.functions.folderOf(fn);
    const message = recordMessage(name, record, folder ? relative(folder, recordPath) : recordPath);
    const success = record.requestContext.condition === 'Success';
    if (success) this.workbench.log.info(`[async] ${message}`);
    else this.workbench.log.warn(`[async] ${message}`);
    const open = 'Open Record File';
    const shown = success
      ? vscode.window.showInformationMessage(message, open)
      : vscode.window.showWarningMessage(message, open);
    void shown.then((answer) => (answer === open ? this.openRecords(recordPath) : undefined));
    this.settle(record.requestContext.requestId, {
      condition: record.requestContext.condition,
      attempts: record.requestContext.approximateInvokeCount,
      record,
    });
  }

  private settle(requestId: string, outcome: AsyncOutcome): void {
    this.waiting.get(requestId)?.resolve(outcome);
    this.waiting.delete(requestId);
  }

  /** The template's EventInvokeConfig / DeadLetterQueue; a template that cannot be read is logged, not fatal. */
  private destinationOf(fn: FunctionSpec): AsyncDestinations | undefined {
    if (!this.destinations.has(fn.id)) {
      const { destinationsFor } =
        require('../../core/async/eventInvokeConfig') as typeof import('../../core/async/eventInvokeConfig');
      try {
        this.destinations.set(fn.id, destinationsFor(fn));
      } catch (error) {
        this.workbench.log.warn(
          `[async] ${fn.name}: destinations not read (${error instanceof Error ? error.message : String(error)})`,
        );
        this.destinations.set(fn.id, undefined);
      }
    }
    return this.destinations.get(fn.id);
  }
}
