import * as vscode from 'vscode';
import { eventTemplates } from '../../core/events';
import { prettyJson, recordExpectation, runEventTests, type TestOutcome } from '../../core/testing';
import { Commands, functionIdOf, type NewTestArg } from '../commandIds';
import { guarded, pickFunctionId, requireTrust } from '../guard';
import type { Workbench } from '../workbench';
import { eventStoreFor } from './eventStoreFor';
import type { EventTestsView } from './testingView';
import { askEventName } from './eventNameInput';

/** Longest result shown in the confirmation before recording it (the whole result is recorded). */
const SHOWN_CHARS = 1500;

/**
 * Accept Result (a failed or new test's latest result becomes its expectation) and New Test from Event Template
 * (a generated event, saved, run, and its result recorded once the user has looked at it and agreed).
 */
export function registerTestCommands(
  context: vscode.ExtensionContext,
  workbench: Workbench,
  view: EventTestsView,
): void {
  const log = workbench.log;
  const accept = async (item?: vscode.TestItem): Promise<string | undefined> => {
    const outcome = item && view.lastOutcome(item.id);
    if (!item || !view.testOf(item.id))
      throw new Error("Accept Result works on a saved event's test in the Testing view");
    if (!outcome?.actual) throw new Error(`${item.label} has no result to accept yet: run it first`);
    if (outcome.status === 'passed') return undefined;
    await recordExpectation(outcome.test, outcome.actual);
    await view.refresh();
    void vscode.window.showInformationMessage(
      `${outcome.test.fn.name} › ${outcome.test.eventName}: this result is now the expected one (${vscode.workspace.asRelativePath(outcome.test.expectedPath)})`,
    );
    return outcome.test.expectedPath;
  };

  const newTest = async (arg?: unknown): Promise<TestOutcome | undefined> => {
    if (!(await requireTrust('New Test'))) return undefined;
    const given = (arg ?? {}) as Partial<NewTestArg>;
    await workbench.functions.start();
    const id =
      functionIdOf(arg) ?? (await pickFunctionId(workbench.functions.functions, 'New test for which function?'));
    if (!id) return undefined;
    const fn = workbench.requireFunction(id);
    const template =
      given.templateId !== undefined
        ? eventTemplates.find((t) => t.id === given.templateId)
        : (
            await vscode.window.showQuickPick(
              eventTemplates.map((t) => ({ label: t.label, description: t.description, template: t })),
              { title: `New test for ${fn.name}`, placeHolder: 'Event template' },
            )
          )?.template;
    if (!template) {
      if (given.templateId !== undefined)
        throw new Error(
          `there is no event template "${given.templateId}" (templates: ${eventTemplates.map((t) => t.id).join(', ')})`,
        );
      return undefined;
    }
    const store = eventStoreFor(workbench, fn);
    const taken = new Set((await store.list(fn.name)).map((e) => e.name));
    const name =
      given.eventName ?? (await askEventName(fn, taken, { title: 'Test name', value: template.id, noun: 'test' }));
    if (!name) return undefined;
    if (taken.has(name.trim())) throw new Error(`${fn.name} already has an event named "${name.trim()}"`);
    const eventPath = await store.save(fn.name, name.trim(), template.build());
    const test = { fn, eventName: name.trim(), eventPath, expectedPath: store.expectedPathFor(fn.name, name.trim()) };
    await view.refresh();
    const [outcome] = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Running ${fn.name} with ${test.eventName}…` },
      () => runEventTests([test], workbench.runtime()),
    );
    if (!outcome.actual)
      throw new Error(`${fn.name} could not run the new event: ${outcome.message ?? 'unknown error'}`);
    const shown = prettyJson(outcome.actual);
    const record = 'Record as Expected Result';
    const answer =
      given.record === undefined
        ? await vscode.window.showInformationMessage(
            `${fn.name} › ${test.eventName} gave this result. Record it as the expected one?`,
            { modal: true, detail: shown.length > SHOWN_CHARS ? `${shown.slice(0, SHOWN_CHARS)}\n…` : shown },
            record,
          )
        : given.record
          ? record
          : undefined;
    if (answer === record) await recordExpectation(test, outcome.actual);
    await view.refresh();
    await vscode.window.showTextDocument(vscode.Uri.file(answer === record ? test.expectedPath : eventPath), {
      preview: false,
    });
    return outcome;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.acceptResult, guarded(log, 'Accept Result', accept)),
    vscode.commands.registerCommand(
      Commands.newTestFromTemplate,
      guarded(log, 'New Test from Event Template', newTest),
    ),
  );
}
