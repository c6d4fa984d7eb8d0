import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';
import { Commands } from '../commandIds';
import { eventStoreFor } from '../events/eventStoreFor';
import type { Workbench } from '../workbench';
import { eventSourceDetail } from '../local/scheduleDetail';
import { outlineApis, type ApiOutline } from '../../core/local/apiGateway/apiOutline';
import {
  apiDescription,
  describeEventSource,
  describeFunctionUrl,
  eventSourceIcon,
  routeLabel,
  type TreeNode,
} from './nodes';

/**
 * The Functions view: templates (or "Handlers without template"), their functions with runtime, memory and
 * timeout, and under each function its event sources and saved test events. Children are built on expand, so a
 * large workspace costs only what is shown.
 */
export class FunctionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private outline?: { functions: FunctionSpec[]; apis: ApiOutline[]; error?: string };

  constructor(private readonly workbench: Workbench) {}

  dispose(): void {
    this.changed.dispose();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (!node) return this.templates();
    if (node.kind === 'template')
      return [
        ...node.functions.map((fn): TreeNode => ({ kind: 'function', fn, functionId: fn.id })),
        ...this.apisOf(node.path),
      ];
    if (node.kind === 'api') {
      const functions = this.workbench.functions.functions;
      return node.api.routes.map((route) => ({
        kind: 'apiRoute',
        api: node.api,
        route,
        fn: functions.find((f) => f.id === route.functionId),
      }));
    }
    if (node.kind === 'function') {
      const sources: TreeNode[] = node.fn.events.map((source) => ({
        kind: 'eventSource',
        fn: node.fn,
        source,
        functionId: node.fn.id,
      }));
      const url: TreeNode[] = node.fn.url ? [{ kind: 'functionUrl', fn: node.fn, functionId: node.fn.id }] : [];
      return [...url, ...sources, { kind: 'eventsFolder', fn: node.fn, functionId: node.fn.id }];
    }
    if (node.kind === 'eventsFolder') return this.savedEvents(node.fn);
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'template':
        return this.templateItem(node);
      case 'function':
        return functionItem(node.fn);
      case 'eventSource': {
        const item = new vscode.TreeItem(node.source.name, vscode.TreeItemCollapsibleState.None);
        item.description = `${node.source.type} ${describeEventSource(node.source)}`.trim();
        item.iconPath = new vscode.ThemeIcon(eventSourceIcon(node.source.type));
        item.contextValue = `lambdaEventSource.${node.source.type}`;
        item.id = `${node.fn.id}#event#${node.source.name}`;
        if (node.source.position)
          item.command = openAt(node.source.position.file, node.source.position.line, 'Reveal in Template');
        const detail = eventSourceDetail(node.fn, node.source);
        if (detail) [item.description, item.tooltip] = [`${item.description} · ${detail.description}`, detail.tooltip];
        return item;
      }
      case 'functionUrl': {
        const item = new vscode.TreeItem('Function URL', vscode.TreeItemCollapsibleState.None);
        const text = describeFunctionUrl(node.fn, this.workbench.servedFunctionUrls.get(node.fn.id));
        [item.description, item.tooltip] = [text.description, text.tooltip];
        item.iconPath = new vscode.ThemeIcon('link');
        item.contextValue = 'lambdaFunctionUrl';
        item.id = `${node.fn.id}#url`;
        if (node.fn.url?.position)
          item.command = openAt(node.fn.url.position.file, node.fn.url.position.line, 'Reveal in Template');
        return item;
      }
      case 'eventsFolder': {
        const item = new vscode.TreeItem('Test Events', vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('json');
        item.contextValue = 'lambdaEventsFolder';
        item.id = `${node.fn.id}#events`;
        return item;
      }
      case 'api': {
        const item = new vscode.TreeItem(node.api.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = apiDescription(node.api);
        item.tooltip = `${node.api.name}: ${apiDescription(node.api)}\nDeclared by ${node.api.declaredBy}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = `lambdaApi.${node.api.kind}`;
        item.id = `api#${node.api.key}`;
        return item;
      }
      case 'apiRoute': {
        const { label, description } = routeLabel(node.route);
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.description = description;
        item.iconPath = new vscode.ThemeIcon('arrow-right');
        item.contextValue = 'lambdaApiRoute';
        item.id = `api#${node.api.key}#${label}`;
        if (node.fn?.handlerFile) item.command = openAt(node.fn.handlerFile, node.fn.handlerLine ?? 0, 'Open Handler');
        return item;
      }
      case 'apiError': {
        const item = new vscode.TreeItem('APIs not served', vscode.TreeItemCollapsibleState.None);
        item.description = node.message;
        item.tooltip = node.message;
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'savedEvent': {
        const item = new vscode.TreeItem(node.event.name, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('symbol-object');
        item.contextValue = 'lambdaSavedEvent';
        item.tooltip = node.event.path;
        item.id = `${node.fn.id}#events#${node.event.name}`;
        item.command = { title: 'Open Test Event', command: Commands.openEvent, arguments: [node] };
        return item;
      }
    }
  }

  /** The APIs shown under a template (computed once per discovery result), or why they cannot be served. */
  private apisOf(path: string | undefined): TreeNode[] {
    const functions = this.workbench.functions.functions;
    if (this.outline?.functions !== functions) this.outline = { functions, ...outlineApis(functions) };
    if (!path) return [];
    if (this.outline.error && functions.some((f) => f.templatePath === path))
      return [{ kind: 'apiError', message: this.outline.error }];
    return this.outline.apis.filter((api) => api.template === path).map((api) => ({ kind: 'api', api }));
  }

  private templates(): TreeNode[] {
    const groups = new Map<string | undefined, FunctionSpec[]>();
    for (const fn of this.workbench.functions.functions) {
      const list = groups.get(fn.templatePath) ?? [];
      list.push(fn);
      groups.set(fn.templatePath, list);
    }
    // A parent template whose functions all live in nested stacks still shows the APIs it declares.
    this.apisOf(undefined);
    for (const api of this.outline?.apis ?? []) if (!groups.has(api.template)) groups.set(api.template, []);
    return [...groups.entries()]
      .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)))
      .map(([path, functions]) => ({
        kind: 'template',
        path,
        functions: functions.sort((x, y) => x.name.localeCompare(y.name)),
      }));
  }

  private templateItem(node: Extract<TreeNode, { kind: 'template' }>): vscode.TreeItem {
    const folder = node.path ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(node.path)) : undefined;
    const label = node.path
      ? folder
        ? relative(folder.uri.fsPath, node.path)
        : node.path
      : 'Handlers without template';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.description = `${node.functions.length} function${node.functions.length === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon(node.path ? 'file-code' : 'symbol-namespace');
    item.contextValue = node.path ? 'lambdaTemplate' : 'lambdaBareHandlers';
    item.id = `template#${node.path ?? 'bare'}`;
    if (node.path) item.resourceUri = vscode.Uri.file(node.path);
    return item;
  }

  private async savedEvents(fn: FunctionSpec): Promise<TreeNode[]> {
    const events = await eventStoreFor(this.workbench, fn)
      .list(fn.name)
      .catch(() => []);
    return events.map((event) => ({
      kind: 'savedEvent',
      fn,
      event,
      functionId: fn.id,
      eventName: event.name,
      path: event.path,
    }));
  }
}

function functionItem(fn: FunctionSpec): vscode.TreeItem {
  const item = new vscode.TreeItem(fn.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = `${fn.runtime} · ${fn.memorySize} MB · ${fn.timeout} s`;
  item.iconPath = new vscode.ThemeIcon('symbol-function');
  item.contextValue = 'lambdaFunction';
  item.id = fn.id;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${fn.name}**${fn.description ? ` — ${fn.description}` : ''}\n\n`);
  tooltip.appendMarkdown(
    `| | |\n|---|---|\n| Handler | \`${fn.handler}\` |\n| Runtime | ${fn.runtime} (${fn.architectures.join(', ')}) |\n`,
  );
  tooltip.appendMarkdown(
    `| Memory | ${fn.memorySize} MB |\n| Timeout | ${fn.timeout} s |\n| Code | \`${fn.codeDir}\` |\n`,
  );
  const variables = Object.keys(fn.environment);
  if (variables.length) tooltip.appendMarkdown(`| Environment | ${variables.map((v) => `\`${v}\``).join(', ')} |\n`);
  if (fn.reservedConcurrency !== undefined)
    tooltip.appendMarkdown(`| Reserved concurrency | ${fn.reservedConcurrency} |\n`);
  item.tooltip = tooltip;
  if (fn.handlerFile) item.command = openAt(fn.handlerFile, fn.handlerLine ?? 0, 'Open Handler');
  return item;
}

function openAt(file: string, line: number, title: string): vscode.Command {
  return {
    title,
    command: 'vscode.open',
    arguments: [vscode.Uri.file(file), { selection: new vscode.Range(line, 0, line, 0), preserveFocus: true }],
  };
}
