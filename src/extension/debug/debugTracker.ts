import * as vscode from 'vscode';
import type { Workbench } from '../workbench';
import { sessionMark, type LambdaSessionMark } from './attachConfig';

interface DapMessage {
  type?: string;
  command?: string;
  event?: string;
  success?: boolean;
  message?: string;
  arguments?: { restart?: boolean };
  body?: { reason?: string; description?: string; category?: string; output?: string };
}

/**
 * Requests whose success lets the process run again. The DAP sends no `continued` event for them: "a debug adapter
 * is not expected to send this event in response to a request that implies that execution continues".
 */
const RESUMING = new Set([
  'continue',
  'next',
  'stepIn',
  'stepOut',
  'stepBack',
  'reverseContinue',
  'goto',
  'restartFrame',
]);

/** What the tracker tells the debug runs. */
export interface DebugTrackerHooks {
  /** The user stops a session, before its adapter does. */
  onStop(mark: LambdaSessionMark): void;
  /** The debugger stopped the instance (true) or let it run again (false). */
  onPaused(mark: LambdaSessionMark, paused: boolean): void;
}

/**
 * Logs what the debug adapter of a Lambda session does to the Lambda channel: attach, stops and their reasons,
 * failed requests, the adapter's own errors and exit; every message at trace level. `onStop` hears the user stop
 * a session before its adapter does: a debugger that detaches resumes the process, which would then finish the
 * invoke it was paused in as if nothing happened. `onPaused` hears every stop and resume, so the time paused at
 * breakpoints can be left out of the billed duration.
 */
export function registerDebugTracker(workbench: Workbench, hooks: DebugTrackerHooks): vscode.Disposable {
  const log = workbench.log;
  return vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker(session) {
      const mark = sessionMark(session);
      if (!mark) return undefined;
      const name = workbench.functions.byId(mark.functionId)?.name ?? mark.functionId;
      const prefix = `[${name}] ${session.type}`;
      return {
        onWillStartSession: () => log.trace(`${prefix}: adapter starting for instance ${mark.pid}`),
        onWillReceiveMessage: (message: DapMessage) => {
          log.trace(`${prefix} <- ${JSON.stringify(message)}`);
          if (
            message.type === 'request' &&
            (message.command === 'disconnect' || message.command === 'terminate') &&
            !message.arguments?.restart
          )
            hooks.onStop(mark);
        },
        onDidSendMessage: (message: DapMessage) => {
          log.trace(`${prefix} -> ${JSON.stringify(message)}`);
          if (message.type === 'event' && message.event === 'stopped') {
            hooks.onPaused(mark, true);
            log.info(
              `${prefix}: paused (${message.body?.reason ?? 'unknown reason'}${message.body?.description ? `: ${message.body.description}` : ''})`,
            );
          } else if (
            message.type === 'event' &&
            (message.event === 'continued' || message.event === 'terminated' || message.event === 'exited')
          ) {
            hooks.onPaused(mark, false);
          } else if (message.type === 'response' && message.success && RESUMING.has(message.command ?? '')) {
            hooks.onPaused(mark, false);
          } else if (message.type === 'response' && message.success === false) {
            log.warn(`${prefix}: ${message.command} failed: ${message.message ?? 'no reason given'}`);
          }
        },
        onError: (error: Error) => log.error(`${prefix}: debug adapter error: ${error.message}`),
        onExit: (code: number | undefined, signal: string | undefined) => {
          hooks.onPaused(mark, false);
          if (code || signal) log.warn(`${prefix}: debug adapter exited (${signal ?? `code ${code}`})`);
        },
      };
    },
  });
}
