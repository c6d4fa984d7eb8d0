import * as vscode from 'vscode';
import { WorkbenchError, type RenderedError } from '../core/errors';
import { showError } from './showError';

/**
 * What a command returns to its caller (scripts, tests) when it did not complete: the error as the user was shown
 * it, and whether Lambda Workbench declined to start (`refused`: nothing ran) or something failed (`failed`; a
 * crash has the code `internal`). A command the user dismissed (a pick closed) returns undefined.
 */
export interface CommandError extends RenderedError {
  outcome: 'refused' | 'failed';
}

/** True for what a guarded command returns when it did not complete. */
export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as CommandError).outcome === 'refused' || (value as CommandError).outcome === 'failed')
  );
}

/**
 * Wraps a command so that any error reaches the user as one clear message (and the log), instead of the editor's
 * generic "command failed", and reaches its caller as a CommandError. Returns the command's own result otherwise.
 */
export function guarded<A extends unknown[], R>(
  log: vscode.LogOutputChannel,
  what: string,
  run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | CommandError> {
  return async (...args: A) => {
    try {
      return await run(...args);
    } catch (error) {
      const rendered = showError(log, what, error);
      return { ...rendered, outcome: rendered.refusal ? 'refused' : 'failed' };
    }
  };
}

/** The refusal of an untrusted workspace, or undefined when it is trusted. `remote` names an action on AWS. */
export function trustRefusal(action: string, remote = false): WorkbenchError | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  return new WorkbenchError(
    'untrusted',
    remote
      ? `${action} acts on AWS with your credentials, and this workspace is not trusted. Lambda Workbench acts on AWS only from a trusted workspace.`
      : `${action} runs code from this workspace, which is not trusted. Lambda Workbench runs nothing in an untrusted workspace.`,
  );
}

/** Running code, and acting on AWS with the user's credentials, need a trusted workspace: throws the refusal when not. */
export function ensureTrusted(action: string, remote = false): void {
  const refusal = trustRefusal(action, remote);
  if (refusal) throw refusal;
}

/** As `ensureTrusted`, for callers that are not guarded commands: shows the refusal and resolves to false. */
export async function requireTrust(action: string, remote = false): Promise<boolean> {
  const refusal = trustRefusal(action, remote);
  if (refusal) showError(undefined, action, refusal);
  return !refusal;
}

/**
 * Asks for a function when a command was started from the palette with no argument; undefined when the pick is
 * dismissed. Refuses (throws) when the workspace has no function.
 */
export async function pickFunctionId(
  functions: Array<{ id: string; name: string; runtime: string; handler: string }>,
  title: string,
): Promise<string | undefined> {
  if (functions.length === 0)
    throw new WorkbenchError('no-function', 'No Lambda functions were found in this workspace.');
  const picked = await vscode.window.showQuickPick(
    functions.map((fn) => ({ label: fn.name, description: `${fn.runtime} · ${fn.handler}`, id: fn.id })),
    { title, placeHolder: 'Function' },
  );
  return picked?.id;
}
