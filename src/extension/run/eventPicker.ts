import * as vscode from 'vscode';
import { eventTemplates, parseEventJson, workspaceEventsFor, type EventStore } from '../../core/events';
import { WorkbenchError } from '../../core/errors';
import type { FunctionSpec } from '../../core/model';
import { showError } from '../showError';
import { askEventName } from '../events/eventNameInput';

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
export async function pickEvent(
  fn: FunctionSpec,
  store: EventStore,
  memory: vscode.Memento,
): Promise<ChosenEvent | undefined> {
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
      items.push({
        label: `$(file) ${event.name}`,
        description: vscode.workspace.asRelativePath(event.path),
        choose: async () => readSaved(event.name, event.path),
      });
    }
  }
  if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, choose: async () => undefined });
  items.push({
    label: '$(new-file) New event from template…',
    description: 'API Gateway, S3, SQS, SNS, EventBridge…',
    choose: () => fromTemplate(fn, store),
  });
  items.push({
    label: '$(symbol-namespace) {}',
    description: 'an empty event',
    choose: async () => ({ label: '{}', json: '{}' }),
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Run ${fn.name} with…`,
    placeHolder: 'Choose a test event',
  });
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
  const name = await askEventName(fn, existing, {
    title: `Name the new ${template.label} event of ${fn.name}`,
    value: uniqueName(template.template.id, existing),
  });
  if (!name) return undefined;
  const path = await store.save(fn.name, name, template.template.build());
  return readSaved(name.trim(), path);
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * The refusal of an event that is not JSON, with its position (and its file, when it came from one, so the
 * notification can open it there); undefined for a good event.
 */
export function eventError(event: ChosenEvent): WorkbenchError | undefined {
  const parsed = parseEventJson(event.json);
  if (parsed.ok) return undefined;
  const where = `line ${parsed.line + 1}, column ${parsed.column + 1}`;
  return new WorkbenchError(
    'malformed-event',
    `Test event "${event.label}" is not valid JSON: ${parsed.message} (${where}). Nothing was run.`,
    {
      location: event.path ? { file: event.path, line: parsed.line, column: parsed.column } : undefined,
    },
  );
}

/** As `eventError`, for callers that are not guarded commands: shows the refusal and returns false. */
export function checkEvent(event: ChosenEvent, log?: vscode.LogOutputChannel): boolean {
  const error = eventError(event);
  if (error) showError(log, 'Run', error);
  return !error;
}
