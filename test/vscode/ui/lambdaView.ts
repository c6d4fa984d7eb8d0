// The activity-bar icon opens the Lambda Workbench container, whose Functions tree shows the examples' functions.
import * as assert from 'node:assert/strict';
import { activityBarItem, showContainer, type UiTest } from './uiTest';

const CONTAINER = 'Lambda Workbench';

export const lambdaViewTests: UiTest[] = [
  {
    title: 'UI: the Lambda Workbench activity-bar icon opens the Lambda view',
    async run({ page }) {
      await activityBarItem(page, CONTAINER).waitFor({ state: 'visible', timeout: 20_000 });
      // Start from another container so the click is what shows the view.
      await showContainer(page, 'Explorer');
      await showContainer(page, CONTAINER);
    },
  },
  {
    title: 'UI: the Functions tree shows the template, and each function with its runtime, memory and timeout',
    async run({ page }) {
      await showContainer(page, CONTAINER);
      const rows = page.locator('.part.sidebar .monaco-list-row');
      const row = (name: string) =>
        rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
      const description = (name: string) => row(name).locator('.label-description').textContent({ timeout: 20_000 });
      assert.match((await description('template\\.yaml')) ?? '', /^\d+ functions$/);
      assert.equal(await description('HelloFunction'), 'nodejs20.x · 256 MB · 10 s');
      assert.equal(await description('TypeScriptFunction'), 'nodejs20.x · 512 MB · 10 s');
    },
  },
];
