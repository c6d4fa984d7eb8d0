import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';

/**
 * Asks for the name of a new saved event of `fn`, refusing (as the user types) an empty name and one `taken` by
 * another of its events. Undefined when the box is dismissed.
 */
export async function askEventName(
  fn: FunctionSpec,
  taken: ReadonlySet<string>,
  box: { title: string; value: string; noun?: 'event' | 'test' },
): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: box.title,
    value: box.value,
    validateInput: (value) =>
      !value.trim()
        ? `Give the ${box.noun ?? 'event'} a name`
        : taken.has(value.trim())
          ? `${fn.name} already has an event named "${value.trim()}"`
          : undefined,
  });
}
