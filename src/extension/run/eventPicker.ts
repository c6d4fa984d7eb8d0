import * as vscode from 'vscode';
import { eventTemplates, parseEventJson, workspaceEventsFor, type EventStore } from '../../core/events';
import type { FunctionSpec } from '../../core/model';

/** The event chosen for a run: its JSON text and where it came from. */
export interface ChosenEvent {
  label: string;
  json: string;
  /** The saved event file, when it came from one. */
  path?: string;
}

type Pick = vscode.QuickPickItem & { choose: () => Promise<ChosenEvent | undefined> };
const LAST_KEY = (fn: FunctionSpec) => `lambdaWorkbench.lastEvent.${fn.id}`;

/**
 * Asks which event to run a function with: its saved events (the last one used first), a new event from a
 * template (saved, so it can be edited and run again), or `{}`. JSON events the project already has (e.g. SAM's `events/*.json` beside the template) follow the saved ones. The choice is remembered per function.
 */
export async function pickEvent(fn: FunctionSpec, store: EventStore, memory: vscode.Memento): Promise<ChosenEvent | undefined> {
  const saved = await store.list(fn.name).catch(() => []);
  const workspace = await workspaceEventsFor(fn, store.root).catch(() => []);
  const last = memory.get<string>(LAST_KEY(fn));
  const items: Pick[] = saved
    .sort((a, b) => Number(b.name === last) - Number(a.name === last))
    .map((event) => ({
      label: `$(json) ${event.name}`,
      description: event.name === last ? 'last used' : undefined,
      choose: async () => readSaved(event.name, event.path),
    }));
  if (workspace.length) {
    items.push({ label: 'in the project', kind: vscode.QuickPickItemKind.Separator, choose: async () => undefined });
    for (const event of workspace) {
      items.push({ label: `$(file) ${event.name}`, description: vscode.workspace.asRelativePath(event.path), choose: async () => readSaved(event.name, event.path) });
    }
  }
  if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, choose: async () => undefined });
  items.push({ label: '$(new-file) New event from template…', description: 'API Gateway, S3, SQS, SNS, EventBridge…', choose: () => fromTemplate(fn, store) });
  items.push({ label: '$(symbol-namespace) {}', description: 'an empty event', choose: async () => ({ label: '{}', json: '{}' }) });
  const picked = await vscode.window.showQuickPick(items, { title: `Run ${fn.name} with…`, placeHolder: 'Choose a test event' });
  const chosen = await picked?.choose();
  if (chosen) await memory.update(LAST_KEY(fn), chosen.path ? chosen.label : undefined);
  return chosen;
}

async function readSaved(name: string, path: string): Promise<ChosenEvent> {
  const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(path))).toString('utf8');
  return { label: name, json: text, path };
}

async function fromTemplate(fn: FunctionSpec, store: EventStore): Promise<ChosenEvent | undefined> {
  const template = await vscode.window.showQuickPick(
    eventTemplates.map((t) => ({ label: t.label, description: t.description, template: t })),
    { title: 'New test event from template', placeHolder: 'Event source' },
  );
  if (!template) return undefined;
  const existing = new Set((await store.list(fn.name).catch(() => [])).map((e) => e.name));
  const name = await vscode.window.showInputBox({
    title: `Name the new ${template.label} event of ${fn.name}`,
    value: uniqueName(template.template.id, existing),
    validateInput: (value) => (!value.trim() ? 'Give the event a name' : existing.has(value.trim()) ? `${fn.name} already has an event named "${value.trim()}"` : undefined),
  });
  if (!name) return undefined;
  const path = await store.save(fn.name, name, template.template.build());
  return readSaved(name.trim(), path);
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Checks event text before anything runs; a malformed event is reported with its position (and can be opened there). */
export function checkEvent(event: ChosenEvent, log?: { error(message: string): void }): boolean {
  const parsed = parseEventJson(event.json);
  if (parsed.ok) return true;
  const where = `line ${parsed.line + 1}, column ${parsed.column + 1}`;
  const message = `Test event "${event.label}" is not valid JSON: ${parsed.message} (${where}). Nothing was run.`;
  log?.error(message);
  const open = event.path ? 'Open Event' : undefined;
  // Not awaited: the run is refused now; the message stays until the user dismisses it.
  void vscode.window.showErrorMessage(message, ...(open ? [open] : [])).then(async (answer) => {
    if (!answer || !event.path) return;
    const position = new vscode.Position(parsed.line, parsed.column);
    await vscode.window.showTextDocument(vscode.Uri.file(event.path), { selection: new vscode.Range(position, position) });
  });
  return false;
}
