import * as vscode from 'vscode';
import { errorLine, renderError, type RenderedError } from '../core/errors';
import { Commands } from './commandIds';
import { awsErrorKind } from './aws/remoteFormat';
import { AWS_SETUP_DOCS } from './aws/profiles';

/** A button of an error notification and what pressing it does. */
interface ErrorAction {
  title: string;
  run: () => Thenable<unknown>;
}

/**
 * Shows an error of `action` the one way the editor shows errors: the line every front end prints (a refusal as it
 * is, a failure as "<action> failed: ..."), in the log and as a notification with the buttons that fix it. A
 * cancellation is information, an untrusted workspace or a missing function a warning, anything else an error. Not awaited by callers:
 * the notification stays until the user dismisses it.
 */
export function showError(log: vscode.LogOutputChannel | undefined, action: string, error: unknown): RenderedError {
  const rendered = renderError(error);
  const line = errorLine(action, error);
  if (rendered.code === 'cancelled') log?.info(line);
  else if (rendered.refusal) log?.warn(line);
  else log?.error(line);
  const actions = actionsFor(rendered, error);
  const titles = actions.map((a) => a.title);
  const shown =
    rendered.code === 'cancelled'
      ? vscode.window.showInformationMessage(line, ...titles)
      : rendered.code === 'untrusted' || rendered.code === 'no-function'
        ? vscode.window.showWarningMessage(line, ...titles)
        : vscode.window.showErrorMessage(line, ...titles);
  void shown.then((answer) => actions.find((a) => a.title === answer)?.run());
  return rendered;
}

function actionsFor(rendered: RenderedError, error: unknown): ErrorAction[] {
  const actions: ErrorAction[] = [];
  const { code, location, setting, extension } = rendered;
  if (code === 'untrusted')
    actions.push({
      title: 'Manage Workspace Trust',
      run: () => vscode.commands.executeCommand('workbench.trust.manage'),
    });
  if (code === 'aws-setup') {
    actions.push(
      { title: 'Select Profile', run: () => vscode.commands.executeCommand(Commands.selectAwsProfile) },
      {
        title: 'Set Region',
        run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'lambdaWorkbench.aws.region'),
      },
      { title: 'Open AWS Docs', run: () => vscode.env.openExternal(vscode.Uri.parse(AWS_SETUP_DOCS)) },
    );
  }
  if (awsErrorKind(error) === 'precondition')
    actions.push({ title: 'Refresh Deployed', run: () => vscode.commands.executeCommand(Commands.remoteRefresh) });
  if (setting)
    actions.push({
      title: 'Open Settings',
      run: () => vscode.commands.executeCommand('workbench.action.openSettings', setting),
    });
  if (extension)
    actions.push({
      title: `Show ${extension.name} Extension`,
      run: () => vscode.commands.executeCommand('workbench.extensions.search', `@id:${extension.id}`),
    });
  if (location) {
    const position = new vscode.Position(location.line, location.column);
    actions.push({
      title: code === 'malformed-event' ? 'Open Event' : 'Open File',
      run: () =>
        vscode.window.showTextDocument(vscode.Uri.file(location.file), {
          selection: new vscode.Range(position, position),
        }),
    });
  }
  return actions;
}
