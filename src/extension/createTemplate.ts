import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { WorkbenchError } from '../core/errors';
import { Commands } from './commandIds';
import { guarded } from './guard';
import type { Workbench } from './workbench';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: A first Lambda function.

Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: index.handler
      Runtime: nodejs20.x
      MemorySize: 128
      Timeout: 3
      Events:
        Hello:
          Type: HttpApi
          Properties:
            Path: /hello
            Method: get
`;

const HANDLER = `export const handler = async (event) => {
  console.log('event', JSON.stringify(event));
  return { statusCode: 200, body: JSON.stringify({ message: 'Hello from Lambda' }) };
};
`;

/** The welcome view's "Create a SAM Template": a template and a handler, never over existing files. */
export function registerCreateTemplate(context: vscode.ExtensionContext, workbench: Workbench): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      Commands.createTemplate,
      guarded(workbench.log, 'Create a SAM template', async () => {
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (!folder)
          throw new WorkbenchError(
            'no-function',
            'Open a folder first: the template is created in the workspace folder.',
          );
        const template = join(folder.uri.fsPath, 'template.yaml');
        const handler = join(folder.uri.fsPath, 'hello', 'index.mjs');
        const existing = [template, handler].filter((path) => existsSync(path));
        if (existing.length) {
          const which = `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}`;
          throw new WorkbenchError('file-exists', `${which}; nothing was written.`);
        }
        await mkdir(join(folder.uri.fsPath, 'hello'), { recursive: true });
        await writeFile(handler, HANDLER, { flag: 'wx' });
        await writeFile(template, TEMPLATE, { flag: 'wx' });
        await vscode.window.showTextDocument(vscode.Uri.file(template));
        await workbench.functions.refresh();
        return template;
      }),
    ),
  );
}
