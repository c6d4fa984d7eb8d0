import * as vscode from 'vscode';
import { Commands, functionIdOf } from '../commandIds';
import { guarded, pickFunctionId } from '../guard';
import type { Workbench } from '../workbench';
import { FunctionTreeProvider } from './functionTreeProvider';
import { WorkbenchError } from '../../core/errors';

/** The Functions view with its refresh, open-handler and reveal-in-template commands. */
export function registerFunctionTree(context: vscode.ExtensionContext, workbench: Workbench): FunctionTreeProvider {
  const provider = new FunctionTreeProvider(workbench);
  const view = vscode.window.createTreeView('lambdaWorkbench.functions', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const events = vscode.workspace.createFileSystemWatcher('**/events/**/*.json');
  const log = workbench.log;
  context.subscriptions.push(
    provider,
    view,
    events,
    events.onDidCreate(() => provider.refresh()),
    events.onDidDelete(() => provider.refresh()),
    workbench.functions.onDidChange(() => provider.refresh()),
    vscode.commands.registerCommand(Commands.refresh, () => workbench.functions.refresh()),
    vscode.commands.registerCommand(
      Commands.openHandler,
      guarded(log, 'Open handler', async (arg: unknown) => {
        await workbench.functions.start();
        const id =
          functionIdOf(arg) ??
          (await pickFunctionId(workbench.functions.functions, 'Open the handler of which function?'));
        if (!id) return;
        const fn = workbench.requireFunction(id);
        if (!fn.handlerFile)
          throw new WorkbenchError(
            'missing-file',
            `The handler ${fn.handler} of ${fn.name} was not found in ${fn.codeDir}.`,
          );
        const line = fn.handlerLine ?? 0;
        await vscode.window.showTextDocument(vscode.Uri.file(fn.handlerFile), {
          selection: new vscode.Range(line, 0, line, 0),
        });
      }),
    ),
    vscode.commands.registerCommand(
      Commands.revealInTemplate,
      guarded(log, 'Reveal in template', async (arg: unknown) => {
        const fn = workbench.requireFunction(functionIdOf(arg));
        const position = fn.templatePosition;
        if (!fn.templatePath || !position)
          throw new WorkbenchError('unsupported', `${fn.name} is not declared in a template.`);
        const at = new vscode.Position(position.line, position.column);
        await vscode.window.showTextDocument(vscode.Uri.file(fn.templatePath), { selection: new vscode.Range(at, at) });
      }),
    ),
  );
  return provider;
}
