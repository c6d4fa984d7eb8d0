import * as vscode from 'vscode';

/**
 * Wraps a command so that any failure reaches the user as one clear message (and the log), instead of the
 * editor's generic "command failed". Returns the command's own result to callers such as tests.
 */
export function guarded<A extends unknown[], R>(log: vscode.LogOutputChannel, what: string, run: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await run(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${what} failed: ${message}`);
      void vscode.window.showErrorMessage(`${what} failed: ${message}`);
      return undefined;
    }
  };
}

/**
 * Running code, and acting on AWS with the user's credentials, need a trusted workspace; says so, with the way to
 * grant it, when it is not. `remote` names an action on AWS rather than a local run.
 */
export async function requireTrust(action: string, remote = false): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const message = remote
    ? `${action} acts on AWS with your credentials, and this workspace is not trusted. Lambda Workbench acts on AWS only from a trusted workspace.`
    : `${action} runs code from this workspace, which is not trusted. Lambda Workbench runs nothing in an untrusted workspace.`;
  const answer = await vscode.window.showWarningMessage(message, manage);
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** Asks for a function when a command was started from the palette with no argument. */
export async function pickFunctionId(functions: Array<{ id: string; name: string; runtime: string; handler: string }>, title: string): Promise<string | undefined> {
  if (functions.length === 0) {
    void vscode.window.showInformationMessage('No Lambda functions were found in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    functions.map((fn) => ({ label: fn.name, description: `${fn.runtime} · ${fn.handler}`, id: fn.id })),
    { title, placeHolder: 'Function' },
  );
  return picked?.id;
}
