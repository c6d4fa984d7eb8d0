import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import type { RemoteFunctionArg } from '../commandIds';
import type { AwsContext } from './awsContext';
import { configurationRows, describeRemoteFunction } from './remoteFormat';

/** The nodes of the Deployed tree: plain data; those a command acts on carry a RemoteFunctionArg. */
export type RemoteNode =
  | ({ kind: 'function'; config: FunctionConfiguration } & RemoteFunctionArg)
  | { kind: 'configuration'; config: FunctionConfiguration; functionName: string }
  | { kind: 'setting'; label: string; value: string; functionName: string }
  | { kind: 'versions' | 'aliases'; functionName: string }
  | ({ kind: 'version'; config: FunctionConfiguration } & RemoteFunctionArg)
  | ({ kind: 'alias'; alias: AliasConfiguration } & RemoteFunctionArg)
  | { kind: 'message'; message: string; error: boolean; parent?: string };

/**
 * The Deployed view: the functions of the chosen profile and region (all pages), each with its configuration,
 * versions and aliases. Nothing is fetched until the view is expanded; a failure is one error item, not a dialog.
 */
export class RemoteTreeProvider implements vscode.TreeDataProvider<RemoteNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RemoteNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private listing?: Promise<FunctionConfiguration[]>;

  constructor(private readonly aws: AwsContext) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Forgets what was listed and asks the view to list again. */
  refresh(): void {
    this.listing = undefined;
    this.changed.fire(undefined);
  }

  /** The functions as last listed (listing them when nothing is cached). */
  functions(): Promise<FunctionConfiguration[]> {
    this.listing ??= this.aws
      .session()
      .list()
      .then(
        (functions) => {
          this.aws.noteSuccess();
          return functions.sort((a, b) => (a.FunctionName ?? '').localeCompare(b.FunctionName ?? ''));
        },
        (error) => {
          this.listing = undefined;
          this.aws.noteError(error);
          throw error;
        },
      );
    return this.listing;
  }

  async getChildren(node?: RemoteNode): Promise<RemoteNode[]> {
    try {
      if (!node) return await this.roots();
      const functionName = 'functionName' in node ? node.functionName : '';
      switch (node.kind) {
        case 'function':
          return [
            { kind: 'configuration', config: node.config, functionName },
            { kind: 'versions', functionName },
            { kind: 'aliases', functionName },
          ];
        case 'configuration':
          return configurationRows(node.config).map((row) => ({ kind: 'setting', ...row, functionName }));
        case 'versions': {
          const versions = (await this.aws.session().listVersions(functionName)).filter((v) => v.Version !== '$LATEST');
          if (!versions.length)
            return [{ kind: 'message', message: 'No published versions', error: false, parent: functionName }];
          return versions.reverse().map((config) => ({
            kind: 'version',
            config,
            functionName,
            qualifier: config.Version,
            functionArn: config.FunctionArn,
          }));
        }
        case 'aliases': {
          const aliases = await this.aws.session().listAliases(functionName);
          if (!aliases.length) return [{ kind: 'message', message: 'No aliases', error: false, parent: functionName }];
          return aliases.map((alias) => ({
            kind: 'alias',
            alias,
            functionName,
            qualifier: alias.Name,
            functionArn: alias.AliasArn,
          }));
        }
        default:
          return [];
      }
    } catch (error) {
      this.aws.noteError(error);
      return [
        {
          kind: 'message',
          message: error instanceof Error ? error.message : String(error),
          error: true,
          parent: node && 'functionName' in node ? node.functionName : undefined,
        },
      ];
    }
  }

  /** Deployed functions are the roots; only they are revealed, so deeper nodes need no parent. */
  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: RemoteNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'function': {
        const item = new vscode.TreeItem(node.functionName, collapsed);
        item.description = describeRemoteFunction(node.config);
        item.tooltip = new vscode.MarkdownString(
          `**${node.functionName}**${node.config.Description ? ` — ${node.config.Description}` : ''}\n\n\`${node.functionArn ?? ''}\``,
        );
        item.iconPath = new vscode.ThemeIcon('cloud');
        item.contextValue = 'lambdaRemoteFunction';
        item.id = `remote#${node.functionArn ?? node.functionName}`;
        return item;
      }
      case 'configuration':
        return withIcon(
          new vscode.TreeItem('Configuration', collapsed),
          'settings-gear',
          `remote#${node.functionName}#configuration`,
        );
      case 'setting': {
        const item = new vscode.TreeItem(node.label, none);
        item.description = node.value;
        item.tooltip = `${node.label}: ${node.value}`;
        item.contextValue = 'lambdaRemoteSetting';
        item.id = `remote#${node.functionName}#setting#${node.label}`;
        return item;
      }
      case 'versions':
        return withIcon(new vscode.TreeItem('Versions', collapsed), 'versions', `remote#${node.functionName}#versions`);
      case 'aliases':
        return withIcon(new vscode.TreeItem('Aliases', collapsed), 'tag', `remote#${node.functionName}#aliases`);
      case 'version': {
        const item = new vscode.TreeItem(`Version ${node.qualifier}`, none);
        item.description = [node.config.Description, node.config.LastModified?.slice(0, 16).replace('T', ' ')]
          .filter(Boolean)
          .join(' · ');
        item.contextValue = 'lambdaRemoteVersion';
        return withIcon(item, 'git-commit', `remote#${node.functionName}#version#${node.qualifier}`);
      }
      case 'alias': {
        const item = new vscode.TreeItem(node.qualifier ?? '', none);
        const weights = Object.entries(node.alias.RoutingConfig?.AdditionalVersionWeights ?? {}).map(
          ([v, w]) => `${v} at ${Math.round(w * 100)}%`,
        );
        item.description = `→ ${node.alias.FunctionVersion ?? '?'}${weights.length ? ` (+ ${weights.join(', ')})` : ''}`;
        item.contextValue = 'lambdaRemoteAlias';
        return withIcon(item, 'tag', `remote#${node.functionName}#alias#${node.qualifier}`);
      }
      case 'message': {
        const item = new vscode.TreeItem(node.message, none);
        item.tooltip = node.message;
        item.contextValue = node.error ? 'lambdaRemoteError' : 'lambdaRemoteMessage';
        return withIcon(item, node.error ? 'error' : 'info', `remote#message#${node.parent ?? ''}#${node.message}`);
      }
    }
  }

  private async roots(): Promise<RemoteNode[]> {
    // Without credentials or a region the view stays empty, so its welcome says what is missing, with the fixes.
    if (await this.aws.setupProblem()) return [];
    const functions = await this.functions();
    if (!functions.length) {
      const region = await this.aws.session().region();
      return [{ kind: 'message', message: `No Lambda functions in ${region ?? 'this region'}`, error: false }];
    }
    return functions.map((config) => ({
      kind: 'function',
      config,
      functionName: config.FunctionName ?? '',
      functionArn: config.FunctionArn,
    }));
  }
}

function withIcon(item: vscode.TreeItem, icon: string, id: string): vscode.TreeItem {
  item.iconPath = new vscode.ThemeIcon(icon);
  item.id = id;
  return item;
}
