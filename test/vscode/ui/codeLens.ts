// The "Run" code lens above the handler of examples/hello-cjs/index.js runs it and shows its REPORT line.
import { openFile, waitForTextInAnyFrame, type UiTest } from './uiTest';

export const codeLensTests: UiTest[] = [
  {
    title: 'UI: the Run code lens of hello-cjs runs the handler and shows its REPORT line',
    timeoutMs: 60_000,
    async run({ page, screenshot }) {
      await openFile(page, 'hello-cjs/index.js');
      const run = page.locator('.codelens-decoration a').filter({ hasText: /^\W*Run\s*$/ }).first();
      await run.waitFor({ state: 'visible', timeout: 20_000 });
      await run.click();
      await waitForTextInAnyFrame(page, /REPORT\s+RequestId/, 'the REPORT line in the output or the result view', 30_000);
      await screenshot('code-lens-run');
    },
  },
];
