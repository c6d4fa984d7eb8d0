import * as vscode from 'vscode';
import { findHandlerDefinitions, type HandlerDefinition } from '../../core/discovery';
import type { FunctionSpec } from '../../core/model';
import { splitHandler } from '../../core/runtime/launchers/handlerString';
import type { FunctionArg } from '../commandIds';
import type { Workbench } from '../workbench';

const SELECTOR: vscode.DocumentSelector = [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
  'go',
].map((language) => ({ language, scheme: 'file' }));

/**
 * Run / Debug / Deploy above every handler that discovery found, at the definition's current line (found again
 * in the live text, so lenses follow edits before the file is saved). One row of lenses per function when several
 * functions share a handler. In an untrusted workspace the lenses say why nothing can run.
 */
export class HandlerCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly workbench: Workbench) {}

  dispose(): void {
    this.changed.dispose();
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const functions = this.workbench.functions.byHandlerFile(document.uri.fsPath);
    if (functions.length === 0) return [];
    const definitions = findHandlerDefinitions(document.fileName, document.getText());
    const lenses: vscode.CodeLens[] = [];
    for (const fn of functions) {
      const line = definitionLine(fn, definitions) ?? fn.handlerLine;
      if (line === undefined || line >= document.lineCount) continue;
      const range = document.lineAt(line).range;
      const arg: FunctionArg = { functionId: fn.id };
      const suffix = functions.length > 1 ? ` ${fn.name}` : '';
      if (!vscode.workspace.isTrusted) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: `$(lock) ${fn.name}: trust this workspace to run it`,
            command: 'workbench.trust.manage',
          }),
        );
        continue;
      }
      for (const action of this.workbench.actions) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: `${action.title}${suffix}`,
            command: action.command,
            arguments: [arg],
            tooltip: `${action.title.replace(/^\$\([^)]*\)\s*/, '')} ${fn.name} (${fn.runtime})`,
          }),
        );
      }
    }
    return lenses;
  }
}

/** The definition of this function's handler among a file's definitions, by export name (any one for Go). */
function definitionLine(fn: FunctionSpec, definitions: HandlerDefinition[]): number | undefined {
  const wanted = exportName(fn);
  const match = definitions.find((d) => d.language === 'go' || d.exportName === wanted);
  return match?.line;
}

function exportName(fn: FunctionSpec): string {
  if (fn.runtime.startsWith('python')) return fn.handler.slice(fn.handler.lastIndexOf('.') + 1);
  return splitHandler(fn.handler)?.exportPath.split('.')[0] ?? fn.handler;
}

export function registerHandlerCodeLenses(
  context: vscode.ExtensionContext,
  workbench: Workbench,
): HandlerCodeLensProvider {
  const provider = new HandlerCodeLensProvider(workbench);
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider(SELECTOR, provider),
    workbench.functions.onDidChange(() => provider.refresh()),
    workbench.onDidChangeActions(() => provider.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => provider.refresh()),
  );
  return provider;
}
