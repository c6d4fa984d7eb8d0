import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposableStore';
import { WorkbenchError } from '../../core/errors';
import type { InvokeFn } from '../../core/runtime/types';
import type { LocalApi, RouteInfo } from '../../core/local/apiGateway/server';
import type { FunctionUrls, ServedFunctionUrl } from '../../core/local/functionUrls/functionUrlServer';
import { Commands } from '../commandIds';
import { statusItem } from '../statusItem';
import type { Workbench } from '../workbench';
import type { FunctionEnvironments } from '../functionEnvironments';
import {
  apiStatusText,
  apiTooltip,
  browseUrl,
  checkPort,
  functionUrlLines,
  isPortInUse,
  portInUseMessage,
  routeLines,
} from './localText';

/** What the start command returns: the running API and the status bar text that shows it. */
export interface LocalApiInfo {
  url: string;
  port: number;
  routes: RouteInfo[];
  /** Function URLs, each on its own port. */
  functionUrls: ServedFunctionUrl[];
  statusText: string;
}

/** The error of a start on a port that is taken: its message names the port and the setting. */
export class PortInUseError extends WorkbenchError {
  constructor(readonly port: number) {
    super('port-in-use', portInUseMessage(port), { setting: 'lambdaWorkbench.api.port' });
    this.name = 'PortInUseError';
  }
}

/**
 * The local API Gateway of the workspace's functions, on the local runtime: one at a time, shown in the status
 * bar, its requests logged to the Lambda channel. A changed handler or template reloads it on the same port.
 */
export class LocalApiController implements vscode.Disposable {
  private api?: LocalApi;
  private urls?: FunctionUrls;
  private starting?: Promise<LocalApiInfo>;
  private readonly disposables = new DisposableStore();
  private readonly status = this.disposables.add(statusItem('localApi', 'Lambda Local API', Commands.apiActions, 50));

  constructor(
    private readonly workbench: Workbench,
    private readonly environments: FunctionEnvironments,
    private readonly refreshTree: () => void = () => undefined,
  ) {
    this.disposables.add(workbench.functions.onDidChange(() => void this.reload()));
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.api && e.affectsConfiguration('lambdaWorkbench.api.port')) {
          void vscode.window.showInformationMessage(
            `The local API keeps running on port ${this.api.port}; stop and start it to use the new port.`,
          );
        }
      }),
    );
  }

  /** The running API, or undefined. */
  get info(): LocalApiInfo | undefined {
    return (
      this.api && {
        url: this.api.url,
        port: this.api.port,
        routes: this.api.routes,
        functionUrls: this.urls?.urls ?? [],
        statusText: this.status.text,
      }
    );
  }

  /** Starts the API on the configured port (or returns the one running). Throws PortInUseError for a taken port. */
  start(): Promise<LocalApiInfo> {
    if (this.api) return Promise.resolve(this.info!);
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Stops the API; resolves once its port is closed. False when none was running. */
  async stop(): Promise<boolean> {
    await this.starting?.catch(() => undefined);
    const api = this.api;
    if (!api) return false;
    this.api = undefined;
    this.status.hide();
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.apiRunning', false);
    await api.close();
    await this.urls?.close();
    this.urls = undefined;
    this.showFunctionUrls();
    this.workbench.log.info(`Local API on ${api.url} stopped`);
    return true;
  }

  /** Open in Browser, Copy URL, Show Routes or Stop: what clicking the status bar item offers. */
  async showActions(): Promise<void> {
    const api = this.api;
    if (!api) {
      void vscode.window.showInformationMessage('The local API is not running.');
      return;
    }
    const target = browseUrl(api.url, api.routes);
    const actions = [
      {
        label: '$(link-external) Open in Browser',
        description: target,
        run: async () => void vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(target))),
      },
      { label: '$(copy) Copy URL', description: api.url, run: async () => vscode.env.clipboard.writeText(api.url) },
      {
        label: '$(list-unordered) Show Routes',
        description: `${api.routes.length} route(s) in the Lambda log`,
        run: async () => this.showRoutes(api),
      },
      { label: '$(debug-stop) Stop', description: `port ${api.port}`, run: async () => void (await this.stop()) },
    ];
    const picked = await vscode.window.showQuickPick(actions, { title: `Local API on ${api.url}` });
    await picked?.run();
  }

  dispose(): void {
    void this.stop();
    this.disposables.dispose();
  }

  private async launch(): Promise<LocalApiInfo> {
    const port = checkPort(vscode.workspace.getConfiguration('lambdaWorkbench').get('api.port', 3000));
    await this.workbench.functions.start();
    const { startApi } = await import('../../core/local/apiGateway/server');
    const { startFunctionUrls } = await import('../../core/local/functionUrls/functionUrlServer');
    const { gatewayAccess } = await import('../../core/local/access/gatewayAccess');
    const { localCredentials } = await import('../../core/local/access/localCredentials');
    const log = this.workbench.log;
    const credentials = await localCredentials();
    const access = gatewayAccess(credentials, (line) => log.info(`[API] ${line}`));
    const invoke: InvokeFn = (fn, payload, options) =>
      this.workbench.runtime().invoke(this.environments.apply(fn), payload, options);
    let api: LocalApi;
    try {
      api = await startApi({
        functions: this.workbench.functions.functions,
        invoke,
        port,
        onLog: (line) => log.info(`[API] ${line}`),
        accessChecks: [access.check],
      });
    } catch (error) {
      if (isPortInUse(error)) throw new PortInUseError(port);
      throw error;
    }
    this.urls = await startFunctionUrls({
      functions: this.workbench.functions.functions,
      invoke,
      accountId: this.workbench.runtime().accountId,
      credentials,
      onLog: (line) => log.info(`[URL] ${line}`),
    });
    for (const line of access.summary(api.routes, this.workbench.functions.functions))
      log.info(`[API] access: ${line}`);
    this.api = api;
    this.showFunctionUrls();
    this.status.text = apiStatusText(api.port);
    this.status.tooltip = apiTooltip(api.url, api.routes, this.urls.urls);
    this.status.show();
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.apiRunning', true);
    this.showRoutes(api);
    if (api.routes.length === 0 && this.urls.urls.length === 0)
      log.warn('No Api, HttpApi or WebSocket events and no function URLs were found; every request gets 404');
    return this.info!;
  }

  private showRoutes(api: LocalApi): void {
    this.workbench.log.info(
      [`Local API on ${api.url}`, ...routeLines(api.url, api.routes), ...functionUrlLines(this.urls?.urls ?? [])].join(
        '\n',
      ),
    );
  }

  /** The tree shows each function URL's local address while it is served. */
  private showFunctionUrls(): void {
    this.workbench.servedFunctionUrls.clear();
    for (const url of this.urls?.urls ?? []) this.workbench.servedFunctionUrls.set(url.functionId, url.url);
    this.refreshTree();
  }

  /** A template changed: new routes on the same port (the runtime itself retires instances that run outdated code). */
  private async reload(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      await api.reload(this.workbench.functions.functions);
      await this.urls?.reload(this.workbench.functions.functions);
      this.showFunctionUrls();
      this.status.tooltip = apiTooltip(api.url, api.routes, this.urls?.urls);
      this.workbench.log.info(
        `Local API reloaded: ${api.routes.length} route(s); functions whose code or settings changed start new instances on their next request`,
      );
    } catch (error) {
      this.workbench.log.error(
        `Local API kept its previous routes: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
