// The "Run" code lens above the handler of examples/hello-cjs/index.js runs it and shows its REPORT line.
import type { Page } from 'playwright-core';
import { openFile, waitForTextInAnyFrame, type UiTest } from './uiTest';

/** Answers the "Run … with…" event picker, when Run asks for a test event, with the empty event. */
async function answerEventPicker(page: Page): Promise<void> {
  const picker = page.locator('.quick-input-widget');
  const asked = await picker.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
  if (!asked) return;
  const empty = picker.locator('.monaco-list-row', { hasText: /empty event/i }).first();
  if (await empty.isVisible().catch(() => false)) await empty.click();
  else await page.keyboard.press('Enter');
}

export const codeLensTests: UiTest[] = [
  {
    title: 'UI: the Run code lens of hello-cjs runs the handler and shows its REPORT line',
    timeoutMs: 60_000,
    async run({ page, screenshot }) {
      await openFile(page, 'hello-cjs/index.js');
      const run = page.locator('.codelens-decoration a').filter({ hasText: /^\W*Run\s*$/ }).first();
      await run.waitFor({ state: 'visible', timeout: 20_000 });
      await run.click();
      await answerEventPicker(page);
      await waitForTextInAnyFrame(page, /REPORT\s+RequestId/, 'the REPORT line in the output or the result view', 30_000);
      await screenshot('code-lens-run');
    },
  },
];
