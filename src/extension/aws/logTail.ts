import * as vscode from 'vscode';
import { channelLevel, channelText } from '../channelLines';
import type { AwsContext } from './awsContext';

/** Writes one line of a deployed function's logs to the Lambda channel, at the level its text shows. */
export function writeRemoteLog(
  log: vscode.LogOutputChannel,
  label: string,
  text: string,
  platform = /^(START|END|REPORT|INIT_START|INIT_REPORT) /.test(text),
): void {
  log[platform ? 'info' : channelLevel(text)](channelText(label, text));
}

const TAILING_KEY = 'lambdaWorkbench.remote.tailing';

/** Follows deployed functions' CloudWatch logs into the Lambda channel, polling until stopped. */
export class LogTails implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly aws: AwsContext,
  ) {}

  /** The functions being followed now. */
  get functions(): string[] {
    return [...this.running.keys()];
  }

  /** Starts following the function's logs from now; a function already followed is left as it is. */
  start(functionName: string, pollIntervalMs?: number): boolean {
    if (this.running.has(functionName)) {
      this.log.show(true);
      return false;
    }
    const session = this.aws.session();
    const controller = new AbortController();
    this.running.set(functionName, controller);
    void this.updateContext();
    this.log.info(`Tailing the CloudWatch logs of ${functionName}; stop with "Lambda: Stop Tailing Logs"`);
    this.log.show(true);
    void (async () => {
      try {
        for await (const line of session.logs(functionName, {
          follow: true,
          signal: controller.signal,
          pollIntervalMs,
        })) {
          writeRemoteLog(
            this.log,
            `${functionName} ${line.logStream.slice(-8)}`,
            line.text,
            line.stream === 'platform',
          );
        }
      } catch (error) {
        if (!controller.signal.aborted) {
          this.aws.noteError(error);
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`Tailing the logs of ${functionName} stopped: ${message}`);
          void vscode.window.showErrorMessage(`Tailing the logs of ${functionName} stopped: ${message}`);
        }
      } finally {
        if (this.running.get(functionName) === controller) this.running.delete(functionName);
        void this.updateContext();
      }
    })();
    return true;
  }

  /** Stops following one function, or all of them. */
  stop(functionName?: string): string[] {
    const stopped = functionName ? (this.running.has(functionName) ? [functionName] : []) : this.functions;
    for (const name of stopped) {
      this.running.get(name)?.abort();
      this.running.delete(name);
      this.log.info(`Stopped tailing the logs of ${name}`);
    }
    void this.updateContext();
    return stopped;
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', TAILING_KEY, this.running.size > 0);
  }
}
