import { join } from 'node:path';
import * as vscode from 'vscode';
import { isWorkbenchError, WorkbenchError } from '../../core/errors';
import type { InvocationResult } from '../../core/runtime/types';
import type { RemoteDeleteArg, RemoteDownloadArg, RemoteFunctionArg, RemoteInvokeArg } from '../commandIds';
import { eventError } from '../run/eventPicker';
import { ResultPanels } from '../run/resultPanel';
import { resultModel } from '../run/resultView';
import type { Workbench } from '../workbench';
import type { AwsContext } from './awsContext';
import { writeRemoteLog } from './logTail';
import { consoleUrl, remoteSpec } from './remoteFormat';
import { pickRemoteEvent } from './remoteEvents';
import type { RemoteTreeProvider } from './remoteTree';

/** What the Deployed tree's items offer: invoke, download, copy the ARN, open the console, delete. */
export class RemoteActions implements vscode.Disposable {
  private readonly panels: ResultPanels;
  /** The last remote result of each function (the editor's tests read it). */
  readonly lastResults = new Map<string, InvocationResult>();

  constructor(
    private readonly workbench: Workbench,
    private readonly aws: AwsContext,
    private readonly tree: RemoteTreeProvider,
  ) {
    this.panels = new ResultPanels(workbench.context.extensionUri);
  }

  /** The function a command acts on: its argument, or one picked from the listed functions. */
  async target(arg: unknown, verb: string): Promise<RemoteFunctionArg | undefined> {
    if (arg && typeof arg === 'object' && typeof (arg as RemoteFunctionArg).functionName === 'string')
      return arg as RemoteFunctionArg;
    const functions = await this.tree.functions();
    if (!functions.length)
      throw new WorkbenchError(
        'no-function',
        `There are no deployed functions in ${(await this.aws.session().region()) ?? 'this region'}.`,
      );
    const picked = await vscode.window.showQuickPick(
      functions.map((f) => ({
        label: f.FunctionName ?? '',
        description: f.Runtime,
        target: { functionName: f.FunctionName ?? '', functionArn: f.FunctionArn },
      })),
      { title: `${verb} which deployed function?`, placeHolder: 'Function' },
    );
    return picked?.target;
  }

  /** Invokes with LogType Tail: the logs go to the Lambda channel, the result to the same panel as local runs. */
  async invoke(arg: RemoteInvokeArg): Promise<InvocationResult | undefined> {
    const session = this.aws.session();
    const region = await session.region();
    const given =
      arg.eventJson !== undefined
        ? { label: arg.eventLabel ?? 'event', json: arg.eventJson }
        : await pickRemoteEvent(this.workbench, arg.functionName);
    if (!given) return undefined;
    const malformed = eventError(given);
    if (malformed) throw malformed;
    const config = await session.getConfiguration(arg.functionName, arg.qualifier);
    const spec = remoteSpec(config, region, arg.qualifier);
    this.workbench.log.info(`Invoke ${spec.name} remotely with event "${given.label}"`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Invoking ${spec.name}`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return session.invoke(arg.functionName, given.json, { qualifier: arg.qualifier, signal: controller.signal });
      },
    );
    for (const line of result.logs) writeRemoteLog(this.workbench.log, spec.name, line);
    if (result.status !== 'success')
      this.workbench.log.warn(
        `${spec.name} ${result.status}: ${result.error?.errorType}: ${result.error?.errorMessage}`,
      );
    this.lastResults.set(arg.functionName, result);
    this.panels.show(
      spec.id,
      resultModel(spec, given.label, result, this.workbench.pricing()),
      () => void this.invoke({ ...arg, eventJson: given.json, eventLabel: given.label }),
    );
    return result;
  }

  /** Downloads the code into `<folder>/<function name>`; existing files are replaced only when the user says so. */
  async download(arg: RemoteDownloadArg): Promise<string[] | undefined> {
    let folder = arg.destination;
    if (!folder) {
      const chosen = await vscode.window.showOpenDialog({
        title: `Download the code of ${arg.functionName} into…`,
        canSelectFolders: true,
        canSelectFiles: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        openLabel: 'Download Here',
      });
      if (!chosen?.[0]) return undefined;
      folder = join(chosen[0].fsPath, arg.functionName);
    }
    const session = this.aws.session();
    const run = (overwrite: boolean) =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Downloading ${arg.functionName}` },
        () => session.download(arg.functionName, folder, { qualifier: arg.qualifier, overwrite }),
      );
    let result;
    try {
      result = await run(!!arg.overwrite);
    } catch (error) {
      if (!isWorkbenchError(error, 'extract-conflict') || arg.overwrite === false) throw error;
      const conflicts = (error as WorkbenchError & { conflicts: string[] }).conflicts;
      const replace = 'Replace Files';
      const answer = await vscode.window.showWarningMessage(
        `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} of ${arg.functionName} already exist in ${folder}. Replace them?`,
        {
          modal: true,
          detail:
            conflicts.slice(0, 10).join('\n') + (conflicts.length > 10 ? `\n… and ${conflicts.length - 10} more` : ''),
        },
        replace,
      );
      if (answer !== replace) return undefined;
      result = await run(true);
    }
    for (const warning of result.warnings) this.workbench.log.warn(warning);
    this.workbench.log.info(`Downloaded ${result.files.length} files of ${arg.functionName} into ${folder}`);
    const reveal = 'Reveal in Explorer';
    void vscode.window
      .showInformationMessage(`Downloaded ${arg.functionName} (${result.files.length} files) into ${folder}`, reveal)
      .then((answer) => {
        if (answer === reveal) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(folder));
      });
    return result.files;
  }

  async copyArn(arg: RemoteFunctionArg): Promise<string> {
    const arn =
      arg.functionArn ?? (await this.aws.session().getConfiguration(arg.functionName, arg.qualifier)).FunctionArn ?? '';
    await vscode.env.clipboard.writeText(arn);
    void vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    return arn;
  }

  async openConsole(arg: RemoteFunctionArg): Promise<string> {
    const region = await this.aws.session().region();
    if (!region)
      throw new WorkbenchError(
        'aws-setup',
        'No AWS region is set; choose one with "Lambda: Select AWS Profile and Region".',
      );
    const url = consoleUrl(region, arg.functionName, arg.qualifier);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  }

  /** Deletes the function (or the version), after a modal confirmation that names it. */
  async delete(arg: RemoteDeleteArg): Promise<boolean> {
    const session = this.aws.session();
    const region = await session.region();
    const what =
      arg.qualifier && /^\d+$/.test(arg.qualifier)
        ? `version ${arg.qualifier} of ${arg.functionName}`
        : arg.functionName;
    if (arg.qualifier && !/^\d+$/.test(arg.qualifier))
      throw new WorkbenchError(
        'unsupported',
        `Only a function or one of its versions can be deleted, not the alias ${arg.qualifier}.`,
      );
    if (!arg.confirmed) {
      const remove = 'Delete';
      const answer = await vscode.window.showWarningMessage(
        `Delete the Lambda function ${what} in ${region ?? 'AWS'}?`,
        { modal: true, detail: 'This cannot be undone.' },
        remove,
      );
      if (answer !== remove) return false;
    }
    await session.delete(arg.functionName, arg.qualifier);
    this.workbench.log.info(`Deleted ${what} in ${region ?? 'AWS'}`);
    this.tree.refresh();
    return true;
  }

  dispose(): void {
    this.panels.dispose();
  }
}
