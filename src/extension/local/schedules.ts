import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposableStore';
import type { RunningSchedules } from '../../core/local/schedule/scheduler';
import type { ScheduleSpec } from '../../core/local/schedule/schedules';
import type { InvocationResult } from '../../core/runtime/types';
import { Commands } from '../commandIds';
import { statusItem } from '../statusItem';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import type { AsyncInvocations } from './asyncInvocations';
import { formatFireTime, schedulesStatusText } from './localText';
import { runningScheduleTimes, scheduleKey, scheduleOf } from './scheduleDetail';

/** A schedule running in the editor. */
export interface ScheduleState {
  functionId: string;
  eventName: string;
  expression: string;
  /** ISO time of the next fire, when there is one. */
  next?: string;
  statusText: string;
}

interface Running {
  schedule: ScheduleSpec;
  handle: RunningSchedules;
}

/**
 * Schedules of the Functions view: Fire Now runs the function once with the scheduled event and shows the result
 * panel; Run on Schedule fires it on its cron/rate (as EventBridge does: an asynchronous invoke, with retries)
 * until Stop Schedule. Running schedules are shown in the status bar and in their tree items.
 */
export class ScheduleController implements vscode.Disposable {
  private readonly running = new Map<string, Running>();
  private readonly disposables = new DisposableStore();
  private readonly status = this.disposables.add(
    statusItem('schedules', 'Lambda Schedules', Commands.scheduleStop, 49),
  );

  constructor(
    private readonly workbench: Workbench,
    private readonly runner: FunctionRunner,
    private readonly asyncInvocations: AsyncInvocations,
    private readonly refreshTree: () => void,
  ) {
    this.disposables.add(workbench.functions.onDidChange(() => this.followTemplates()));
  }

  /** Runs the function once, now, with the event its schedule delivers; the result goes to the result panel. */
  fire(functionId: string, eventName: string): Promise<InvocationResult> {
    const fn = this.workbench.requireFunction(functionId);
    const schedule = scheduleOf(fn, eventName);
    const { scheduledEvent } =
      require('../../core/local/schedule/schedules') as typeof import('../../core/local/schedule/schedules');
    const json = scheduledEvent(schedule, new Date(), this.workbench.runtime().region);
    return this.runner.runWith(fn, { label: `${eventName} (${schedule.expression.text})`, json }, { verb: 'Fire' });
  }

  /** Starts firing a schedule on its expression (again, if it was running). */
  start(functionId: string, eventName: string): ScheduleState {
    const schedule = scheduleOf(this.workbench.requireFunction(functionId), eventName);
    const key = scheduleKey(functionId, eventName);
    this.running.get(key)?.handle.stop();
    const { startSchedules } =
      require('../../core/local/schedule/scheduler') as typeof import('../../core/local/schedule/scheduler');
    const log = this.workbench.log;
    const handle = startSchedules({
      functions: [schedule.fn],
      includeDisabled: true,
      // The current spec of the function, so a template change (environment, memory) applies to the next fire.
      deliver: (fn, payload) => this.asyncInvocations.enqueue(this.workbench.functions.byId(fn.id) ?? fn, payload),
      onFire: (fire) => {
        log.info(
          `[schedule] ${fire.schedule.fn.name}/${fire.schedule.eventName} fired (${fire.schedule.expression.text})`,
        );
        this.update();
      },
      onError: (error, s) => log.error(`[schedule] ${s.fn.name}/${s.eventName}: ${error.message}`),
    });
    this.running.set(key, { schedule, handle });
    runningScheduleTimes.set(key, () => handle.next()[0]?.time);
    const next = handle.next()[0]?.time;
    const disabled = schedule.enabled ? '' : ' (disabled in the template; running because you asked)';
    log.info(
      `[schedule] ${schedule.fn.name}/${eventName} runs on ${schedule.expression.text}${disabled}; next fire ${next ? next.toISOString() : 'never'}`,
    );
    this.update();
    return this.state(key)!;
  }

  /** Stops one schedule; false when it was not running. */
  stop(functionId: string, eventName: string): boolean {
    const key = scheduleKey(functionId, eventName);
    const entry = this.running.get(key);
    if (!entry) return false;
    entry.handle.stop();
    this.running.delete(key);
    runningScheduleTimes.delete(key);
    this.workbench.log.info(`[schedule] ${entry.schedule.fn.name}/${eventName} stopped`);
    this.update();
    return true;
  }

  /** Every running schedule with its next fire time. */
  states(): ScheduleState[] {
    return [...this.running.keys()].map((key) => this.state(key)!);
  }

  dispose(): void {
    for (const { handle } of this.running.values()) handle.stop();
    for (const key of this.running.keys()) runningScheduleTimes.delete(key);
    this.running.clear();
    this.disposables.dispose();
  }

  private state(key: string): ScheduleState | undefined {
    const entry = this.running.get(key);
    if (!entry) return undefined;
    const next = entry.handle.next()[0]?.time;
    return {
      functionId: entry.schedule.fn.id,
      eventName: entry.schedule.eventName,
      expression: entry.schedule.expression.text,
      next: next?.toISOString(),
      statusText: this.status.text,
    };
  }

  private update(): void {
    const entries = [...this.running.values()];
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.schedulesRunning', entries.length > 0);
    this.refreshTree();
    if (!entries.length) return this.status.hide();
    this.status.text = schedulesStatusText(entries.map((e) => e.schedule.eventName));
    const lines = entries.map(({ schedule, handle }) => {
      const next = handle.next()[0]?.time;
      return `${schedule.fn.name}/${schedule.eventName} ${schedule.expression.text} — next ${next ? formatFireTime(next) : 'never'}`;
    });
    this.status.tooltip = ['Schedules running locally:', ...lines, '', 'Click to stop one'].join('\n');
    this.status.show();
  }

  /** After a template change: a removed schedule stops, a changed expression restarts, others keep running. */
  private followTemplates(): void {
    for (const [key, { schedule }] of [...this.running]) {
      const fn = this.workbench.functions.byId(schedule.fn.id);
      let current: ScheduleSpec | undefined;
      try {
        current = fn && scheduleOf(fn, schedule.eventName);
      } catch (error) {
        this.workbench.log.warn(
          `[schedule] ${schedule.fn.name}/${schedule.eventName}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!current) {
        this.stop(schedule.fn.id, schedule.eventName);
        continue;
      }
      if (current.expression.text !== schedule.expression.text || current.timeZone !== schedule.timeZone)
        this.start(schedule.fn.id, schedule.eventName);
      else this.running.get(key)!.schedule = current;
    }
  }
}
