import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposableStore';
import type { AwsSession } from '../../core/aws';
import { Commands } from '../commandIds';
import { statusItem } from '../statusItem';
import { readSetting } from '../restrictedSettings';
import { loadAws } from './loadAws';
import {
  awsFilePaths,
  awsSetupProblem,
  describeTarget,
  readProfiles,
  resolveTarget,
  type AwsProfile,
  type AwsSetupProblem,
  type AwsTarget,
} from './profiles';
import { awsErrorKind } from './remoteFormat';

/** The settings that choose where AWS calls go; empty values leave the SDK's default chain in charge. */
export interface AwsSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
}

/**
 * The AWS profile and region the editor works with: one session (created, with the SDK, on first use and again
 * after the settings change) and the status bar item showing `profile @ region`, which opens the picker.
 */
export class AwsContext implements vscode.Disposable {
  private current?: AwsSession;
  private failure?: 'credentials' | 'expired';
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<void>());
  /** Fires when the profile, region or endpoint changed: sessions and what was listed with them are stale. */
  readonly onDidChange = this.changed.event;
  private statusItem?: vscode.StatusBarItem;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lambdaWorkbench.aws')) this.reset();
      }),
    );
    // Trust makes the workspace's own AWS settings count.
    this.disposables.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()));
    // The status bar item and the profile files it reads wait until activation is over.
    setImmediate(() => void this.updateStatus());
  }

  /** In an untrusted workspace, the user's own values only: a cloned folder cannot redirect credentialed calls. */
  settings(): AwsSettings {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench.aws');
    const value = (key: string) =>
      readSetting<string>(config, 'lambdaWorkbench.aws', key, vscode.workspace.isTrusted)?.trim() || undefined;
    return { profile: value('profile'), region: value('region'), endpoint: value('endpoint') };
  }

  /** The session for the chosen profile and region; the first call loads the AWS SDK. */
  session(): AwsSession {
    if (!this.current) {
      const settings = this.settings();
      this.current = loadAws().createAwsSession(settings);
      this.log.info(`AWS: using ${this.describeSettings(settings)}`);
    }
    return this.current;
  }

  /** The profiles of ~/.aws/config and ~/.aws/credentials (or the files the environment names). */
  async profiles(): Promise<AwsProfile[]> {
    return readProfiles(awsFilePaths());
  }

  async target(): Promise<AwsTarget> {
    return resolveTarget(this.settings(), process.env, await this.profiles());
  }

  /** Notes a failed call: missing or expired credentials show in the status bar until the next success. */
  noteError(error: unknown): void {
    const kind = awsErrorKind(error);
    if (kind !== 'credentials' && kind !== 'expired') return;
    this.failure = kind === 'expired' ? 'expired' : 'credentials';
    void this.updateStatus();
  }

  noteSuccess(): void {
    if (this.failure === undefined) return;
    this.failure = undefined;
    void this.updateStatus();
  }

  /**
   * What the profile files and environment lack for AWS calls (credentials, a region), worded as the status bar says
   * it. A failed call's credentials error is left out: it clears only when a call succeeds, so it must not stop one.
   */
  async setupProblem(): Promise<AwsSetupProblem | undefined> {
    return awsSetupProblem(await this.target());
  }

  /** The status bar's text (the editor's tests read it). */
  statusText(): string {
    return this.statusItem?.text ?? '';
  }

  async updateStatus(): Promise<void> {
    const target = await this.target();
    const problem = awsSetupProblem(target, this.failure);
    // The Deployed view shows its welcome, with Select Profile, Set Region and Open AWS Docs, while this is set.
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.aws.notSetUp', problem !== undefined);
    if (!this.statusItem) {
      // Added to the store at once: an update that ends after dispose() gets an item disposed there and then.
      this.statusItem = this.disposables.add(
        statusItem('aws', 'Lambda Workbench: AWS profile and region', Commands.selectAwsProfile, 40),
      );
    }
    this.statusItem.text = problem ? `$(warning) ${problem.short}` : `$(cloud) ${describeTarget(target)}`;
    const endpoint = this.settings().endpoint ?? process.env.AWS_ENDPOINT_URL;
    const tooltip = new vscode.MarkdownString(
      `**AWS for Lambda Workbench**: profile \`${target.profile}\`, region \`${target.region ?? 'not set'}\``,
    );
    if (endpoint) tooltip.appendMarkdown(`\n\nEndpoint: \`${endpoint}\``);
    if (problem) tooltip.appendMarkdown(`\n\n${problem.message}`);
    tooltip.appendMarkdown('\n\nClick to choose a profile and a region.');
    this.statusItem.tooltip = tooltip;
    this.statusItem.show();
  }

  /** Drops the session, so the next call uses the new settings, and tells the views. */
  reset(): void {
    this.current?.dispose();
    this.current = undefined;
    this.failure = undefined;
    this.changed.fire();
    void this.updateStatus();
  }

  dispose(): void {
    this.current?.dispose();
    this.disposables.dispose();
  }

  private describeSettings(settings: AwsSettings): string {
    const parts = [
      `profile ${settings.profile ?? '(default chain)'}`,
      `region ${settings.region ?? '(default chain)'}`,
    ];
    const endpoint = settings.endpoint ?? process.env.AWS_ENDPOINT_URL;
    if (endpoint) parts.push(`endpoint ${endpoint}`);
    return parts.join(', ');
  }
}
