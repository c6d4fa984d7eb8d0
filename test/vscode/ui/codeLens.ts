// The "Run" code lens above the handler of examples/hello-cjs/index.js asks for an event, runs the handler, and the
// result view beside the code shows the status, the response, the figures and the log lines of that run.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { readResultView, resultViewFrame } from './resultView';
import { closeAllEditors } from './quickInput';
import { openFile, type UiTest } from './uiTest';

/** Answers the "Run HelloFunction with…" event picker with the empty event; fails when the picker does not appear. */
async function answerEventPicker(page: Page): Promise<void> {
  const picker = page.locator('.quick-input-widget');
  await picker.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await picker.locator('.quick-input-title').textContent(), 'Run HelloFunction with…');
  await picker.locator('.monaco-list-row', { hasText: 'an empty event' }).first().click({ timeout: 10_000 });
}

export const codeLensTests: UiTest[] = [
  {
    title:
      'UI: the Run code lens of hello-cjs asks for an event, and the result view shows status, response, figures and logs',
    timeoutMs: 60_000,
    async run({ page, screenshot }) {
      await closeAllEditors(page);
      await openFile(page, 'hello-cjs/index.js');
      const run = page
        .locator('.codelens-decoration a')
        .filter({ hasText: /^\W*Run\s*$/ })
        .first();
      await run.waitFor({ state: 'visible', timeout: 20_000 });
      await run.click();
      await answerEventPicker(page);
      const frame = await resultViewFrame(page, /^(Succeeded|Failed|Timed out)$/, 30_000);
      const shown = await readResultView(frame);
      await screenshot('code-lens-run');
      assert.equal(shown.status, 'Succeeded');
      assert.equal(shown.statusKind, 'success');
      assert.equal(shown.event, 'event: {}');
      // The JSON string body is shown parsed.
      const response = JSON.parse(shown.response ?? '');
      assert.equal(response.statusCode, 200);
      assert.equal(response.body.message, 'Hello, world!');
      const report = shown.logs.find((line) => line.startsWith('REPORT RequestId: '));
      assert.ok(report, `a REPORT line among the logs: ${shown.logs.join(' | ')}`);
      const requestId = report.split('\t')[0].slice('REPORT RequestId: '.length);
      assert.equal(response.body.requestId, requestId, 'the response and the REPORT line name the same request');
      assert.equal(shown.requestLine, `RequestId ${requestId}`);
      const field = (name: string) =>
        report
          .split('\t')
          .find((f) => f.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      assert.equal(shown.figures['Duration'], field('Duration'));
      assert.equal(shown.figures['Billed duration'], field('Billed Duration'));
      assert.match(shown.figures['Memory'], /^\d+ MB used of 256 MB$/);
      assert.equal(shown.figures['Memory'], `${field('Max Memory Used')} used of ${field('Memory Size')}`);
      assert.ok(
        shown.logs.some((line) => /greeting world from HelloFunction \(dev\)$/.test(line)),
        shown.logs.join('\n'),
      );
    },
  },
];
