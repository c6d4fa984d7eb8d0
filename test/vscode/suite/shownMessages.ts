// Records the notifications the extension shows (window.show{Information,Warning,Error}Message), so tests can read
// the text the user reads. The suite shares the extension's `vscode` API object, so replacing its functions here
// reaches the extension's own calls; the real notification is still shown.
import * as vscode from 'vscode';
import { waitFor } from './harness';

/** One notification as the user saw it. */
export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  message: string;
  /** The buttons it offered. */
  items: string[];
  modal: boolean;
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
const NAMES = { information: 'showInformationMessage', warning: 'showWarningMessage', error: 'showErrorMessage' } as const;

/** Records every notification from `start()` until `dispose()`. */
export class ShownMessages implements vscode.Disposable {
  readonly shown: ShownMessage[] = [];
  private readonly originals = new Map<string, Show>();

  /** Starts recording; fails when the editor does not let the functions be replaced. */
  static start(): ShownMessages {
    const recorder = new ShownMessages();
    const window = vscode.window as unknown as Record<string, Show>;
    for (const [severity, name] of Object.entries(NAMES) as [ShownMessage['severity'], string][]) {
      const original = window[name];
      recorder.originals.set(name, original);
      const recording: Show = (message, ...rest) => {
        const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
        const items = rest.slice(options ? 1 : 0).map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title));
        recorder.shown.push({ severity, message, items, modal: !!options?.modal });
        return original.call(vscode.window, message, ...rest);
      };
      window[name] = recording;
      if (window[name] !== recording) throw new Error(`vscode.window.${name} cannot be replaced: notifications cannot be recorded`);
    }
    return recorder;
  }

  /** The first notification (from now on or already shown) whose text matches `pattern`. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<ShownMessage> {
    try {
      return await waitFor(`a notification matching ${pattern}`, () => this.shown.find((m) => pattern.test(m.message)), timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}; shown: ${JSON.stringify(this.shown.map((m) => m.message))}`, { cause: error });
    }
  }

  dispose(): void {
    const window = vscode.window as unknown as Record<string, Show>;
    for (const [name, original] of this.originals) window[name] = original;
    this.originals.clear();
  }
}
