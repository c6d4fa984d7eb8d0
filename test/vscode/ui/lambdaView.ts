// The activity-bar icon opens the Lambda Workbench container, whose Functions tree shows items.
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
    title: 'UI: the Functions tree shows items',
    async run({ page }) {
      await showContainer(page, CONTAINER);
      const items = page.locator('.part.sidebar').getByRole('treeitem');
      await items.first().waitFor({ state: 'visible', timeout: 20_000 });
      const names = await items.allTextContents();
      assert.ok(names.some((name) => name.trim().length > 0), `tree items have no text: ${JSON.stringify(names)}`);
    },
  },
];
