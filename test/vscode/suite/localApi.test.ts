// Local event sources in the editor: the local API started and stopped through its commands, schedules fired
// and run, and asynchronous invocations with their retries and records, all on examples/.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { AcceptedEvent } from '../../../src/extension/local/asyncInvocations';
import type { LocalApiInfo } from '../../../src/extension/local/localApi';
import type { ScheduleState } from '../../../src/extension/local/schedules';
import type { FunctionSpec } from '../../../src/core/model';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { freePort } from '../../../scripts/freePort.mjs';
import type { CommandError } from '../../../src/extension/guard';
import { examplesFolder, lambdaApi, screenshot, within } from './harness';
import { recordMessages } from './messages';

/** Resolves true when something accepts a TCP connection on the port, false when it is refused. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(3000, () => socket.destroy());
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

async function setPort(port: number | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('lambdaWorkbench')
    .update('api.port', port, vscode.ConfigurationTarget.Global);
}

suite('Local event sources', () => {
  let api: LambdaWorkbenchApi;
  let fn: (name: string) => FunctionSpec;
  suiteSetup(async () => {
    api = await lambdaApi();
    fn = (name) => {
      const found = api.workbench.functions.functions.find((f) => f.name === name);
      assert.ok(found, `${name} is not among the discovered functions`);
      return found;
    };
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('lambdaWorkbench.api.stop');
    await setPort(undefined);
  });

  test('Start Local API serves HelloFunction, the status bar names the port, Stop closes it', async () => {
    const port = await freePort();
    await setPort(port);
    const info = await vscode.commands.executeCommand<LocalApiInfo | undefined>('lambdaWorkbench.api.start');
    assert.ok(info, 'the start command returned nothing (see the Lambda log)');
    assert.equal(info.port, port);
    assert.equal(info.statusText, `$(globe) API :${port}`);
    assert.ok(
      info.routes.some(
        (r) => r.kind === 'http' && r.method === 'GET' && r.path === '/hello' && r.functionName === 'HelloFunction',
      ),
      `no GET /hello route to HelloFunction among ${JSON.stringify(info.routes.map((r) => `${r.method} ${r.path} ${r.functionName}`))}`,
    );
    const response = await fetch(`${info.url}/hello?name=vscode`, { signal: AbortSignal.timeout(20_000) });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { message: string }).message, 'Hello, vscode!');
    await vscode.commands.executeCommand('lambdaWorkbench.functions.focus');
    await screenshot('local-api');
    await vscode.commands.executeCommand('workbench.view.explorer');

    // A re-discovery (what a template or handler change causes) reloads the same server on the same port.
    await api.workbench.functions.refresh();
    const again = await vscode.commands.executeCommand<LocalApiInfo>('lambdaWorkbench.api.start');
    assert.equal(again.port, port);
    const reloaded = await fetch(`${info.url}/hello?name=again`, { signal: AbortSignal.timeout(20_000) });
    assert.equal(((await reloaded.json()) as { message: string }).message, 'Hello, again!');

    assert.equal(await vscode.commands.executeCommand('lambdaWorkbench.api.stop'), true);
    assert.equal(await listening(port), false, `port ${port} still accepts connections after Stop`);
  });

  test('a port in use starts nothing, and says which port and which setting', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const messages = recordMessages();
    try {
      const port = (blocker.address() as { port: number }).port;
      await setPort(port);
      const text = `Port ${port} is already in use, so the local API cannot start there. Stop what listens on port ${port}, or set lambdaWorkbench.api.port to another port (0 picks a free one).`;
      const result = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.api.start');
      assert.deepEqual([result.outcome, result.code, result.text], ['refused', 'port-in-use', text]);
      assert.deepEqual(messages.shown, [
        { severity: 'error', text, items: ['Open Settings'], modal: false, detail: undefined },
      ]);
      assert.equal(await vscode.commands.executeCommand('lambdaWorkbench.api.stop'), false);
      assert.deepEqual(messages.texts().slice(1), ['The local API is not running.']);
    } finally {
      messages.dispose();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test('Fire Now runs EsmFunction once with the scheduled event', async () => {
    const esm = fn('EsmFunction');
    const result = await vscode.commands.executeCommand<InvocationResult>('lambdaWorkbench.schedule.fire', {
      functionId: esm.id,
      eventName: 'Nightly',
    });
    assert.equal(result?.status, 'success', result && result.payload.toString());
    assert.equal(JSON.parse(result.payload.toString()).source, 'aws.events');
    assert.equal(api.runner.lastResults.get(esm.id), result);
  });

  test('Run on Schedule shows the next fire time in the status bar and the tree, Stop Schedule ends it', async () => {
    const esm = fn('EsmFunction');
    const arg = { functionId: esm.id, eventName: 'Nightly' };
    const state = await vscode.commands.executeCommand<ScheduleState>('lambdaWorkbench.schedule.start', arg);
    try {
      assert.equal(state.statusText, '$(watch) Nightly');
      const next = new Date(state.next!);
      assert.equal(next.toISOString().slice(11), '03:00:00.000Z');
      assert.ok(next.getTime() > Date.now() && next.getTime() <= Date.now() + 86_400_000);
      const source = esm.events.find((e) => e.name === 'Nightly')!;
      const item = api.tree.getTreeItem({ kind: 'eventSource', fn: esm, source, functionId: esm.id });
      assert.match(String(item.description), /running · next/);
    } finally {
      assert.equal(await vscode.commands.executeCommand('lambdaWorkbench.schedule.stop', arg), true);
    }
    assert.equal(await vscode.commands.executeCommand('lambdaWorkbench.schedule.stop', arg), false);
  });

  test('Invoke Asynchronously retries a failing event and records it; a good event succeeds once', async () => {
    const callback = fn('CallbackFunction');
    const bad = await vscode.commands.executeCommand<AcceptedEvent>('lambdaWorkbench.function.invokeAsync', {
      functionId: callback.id,
      eventJson: '{"items":["x"]}',
    });
    const good = await vscode.commands.executeCommand<AcceptedEvent>('lambdaWorkbench.function.invokeAsync', {
      functionId: callback.id,
      eventJson: '{"items":[1,2]}',
    });
    assert.equal(bad.recordPath, join(examplesFolder().uri.fsPath, '.lambda-workbench', 'async-records.jsonl'));
    const goodOutcome = await within(good.settled, 20_000, 'the good event to settle');
    assert.deepEqual([goodOutcome.condition, goodOutcome.attempts], ['Success', 1]);
    // Lambda's two retries come after 1 and 2 seconds locally.
    const badOutcome = await within(bad.settled, 25_000, 'the failing event to settle');
    assert.deepEqual([badOutcome.condition, badOutcome.attempts], ['RetriesExhausted', 3]);
    const lines = readFileSync(bad.recordPath, 'utf8').trim().split('\n');
    const record = lines.map((line) => JSON.parse(line)).find((r) => r.requestContext.requestId === bad.requestId);
    assert.ok(record, `no record of ${bad.requestId} in ${bad.recordPath}`);
    assert.equal(record.responsePayload.errorType, 'TypeError');
    assert.deepEqual(record.requestPayload, { items: ['x'] });
  });
});
