import * as vscode from 'vscode';

/**
 * A status bar item on the left, with the name the status bar's context menu lists it by and the command a click runs.
 * Priorities order the workbench's items: higher stands further left.
 */
export function statusItem(id: string, name: string, command: string, priority: number): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem(`lambdaWorkbench.${id}`, vscode.StatusBarAlignment.Left, priority);
  item.name = name;
  item.command = command;
  return item;
}
