// Records the notifications the extension shows (window.showErrorMessage / showWarningMessage /
// showInformationMessage), so a test can assert the text a user reads rather than a command's return value.
import * as vscode from 'vscode';
import { waitFor } from './harness';

/** How a notification was shown. */
export type MessageSeverity = 'error' | 'warning' | 'information';

/** One notification: its text, the buttons it offered (by title) and whether it was a modal dialog. */
export interface ShownMessage {
  severity: MessageSeverity;
  text: string;
  items: string[];
  modal: boolean;
  /** The dialog's detail line (modal dialogs), when given. */
  detail?: string;
}

/** Picks the button to press for a message; undefined lets the message show as usual (unanswered). */
export type MessageAnswer = (message: ShownMessage) => string | undefined;

/** Every notification shown while it is recording; dispose to stop recording and restore the editor's functions. */
export interface MessageRecorder extends vscode.Disposable {
  readonly shown: readonly ShownMessage[];
  /** The texts shown so far, of one severity or of all. */
  texts(severity?: MessageSeverity): string[];
  /** Resolves with the first message whose text matches (already shown or still to come); rejects after `timeoutMs`. */
  waitFor(text: RegExp | string, timeoutMs?: number): Promise<ShownMessage>;
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
const METHODS = {
  error: 'showErrorMessage',
  warning: 'showWarningMessage',
  information: 'showInformationMessage',
} as const;

/**
 * Starts recording notifications. The extension and the suite share one `vscode` API object (the suite is loaded
 * from the extension's folder), so replacing the `window` functions here sees what the extension shows. Messages
 * still reach the screen (screenshots show them) unless `answer` presses one of their buttons, which resolves the
 * call with that button as a user's click would — a modal dialog is then never opened.
 *
 * @example
 * const messages = recordMessages();
 * try { ...; assert.match((await messages.waitFor(/not valid JSON/)).text, /line 1, column 12/); } finally { messages.dispose(); }
 */
export function recordMessages(answer?: MessageAnswer): MessageRecorder {
  const shown: ShownMessage[] = [];
  const window = vscode.window as unknown as Record<string, Show>;
  const originals = new Map<string, Show>();
  for (const [severity, method] of Object.entries(METHODS) as Array<[MessageSeverity, string]>) {
    const original = window[method];
    originals.set(method, original);
    window[method] = (text: string, ...rest: unknown[]) => {
      const options = isOptions(rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
      const items = rest.filter((item) => item !== undefined);
      const message: ShownMessage = {
        severity,
        text,
        items: items.map(titleOf),
        modal: options?.modal === true,
        detail: options?.detail,
      };
      shown.push(message);
      const pressed = answer?.(message);
      if (pressed !== undefined) {
        const item = items.find((candidate) => titleOf(candidate) === pressed);
        if (item === undefined)
          throw new Error(
            `the message "${text}" has no button "${pressed}" (it has: ${message.items.join(', ') || 'none'})`,
          );
        return Promise.resolve(item);
      }
      return original.call(vscode.window, text, ...(options ? [options] : []), ...items);
    };
  }
  const matches = (message: ShownMessage, text: RegExp | string) =>
    typeof text === 'string' ? message.text === text : text.test(message.text);
  return {
    shown,
    texts: (severity) => shown.filter((m) => !severity || m.severity === severity).map((m) => m.text),
    waitFor: (text, timeoutMs = 10_000) =>
      waitFor(
        `a message matching ${text} (shown so far: ${JSON.stringify(shown.map((m) => m.text))})`,
        () => shown.find((m) => matches(m, text)),
        timeoutMs,
      ),
    dispose: () => {
      for (const [method, original] of originals) window[method] = original;
    },
  };
}

function isOptions(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !('title' in value);
}

function titleOf(item: unknown): string {
  return typeof item === 'string' ? item : (item as vscode.MessageItem).title;
}
