// Commands started from the palette and the tree, their quick picks, input boxes and dialogs answered on screen,
// checked by what the workbench then shows: the opened editor, the tree, the notification, the status bar.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DeleteFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  answerDialog,
  answerInputBox,
  closeAllEditors,
  contextMenuItem,
  notification,
  pick,
  pickByTyping,
  runFromPalette,
} from './quickInput';
import { showContainer, type UiTest } from './uiTest';

const ROLE = 'ui-deploy-role';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The row of the Lambda Workbench sidebar whose label is exactly `label`. */
function treeRow(page: Page, label: string) {
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({
      has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    })
    .first();
}

/** Expands a collapsed tree row by its twistie (a click on the label would run the item's command instead). */
async function expand(page: Page, label: string): Promise<void> {
  const row = treeRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
}

/** The status bar item whose text matches `pattern` (it must appear). */
async function statusBarText(page: Page, pattern: RegExp): Promise<string> {
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: pattern }).first();
  await item.waitFor({ state: 'visible', timeout: 20_000 });
  return ((await item.textContent()) ?? '').trim();
}

export const paletteFlowTests: UiTest[] = [
  {
    title:
      'UI: New Test Event from the palette asks for the function, the template and the name, then opens the saved event; Delete removes it from the tree',
    timeoutMs: 90_000,
    async run({ page, examples, screenshot }) {
      const saved = join(examples, 'events', 'CallbackFunction', 'ui-made.json');
      rmSync(saved, { force: true });
      try {
        await runFromPalette(page, 'Lambda: New Test Event');
        await pickByTyping(page, 'New test event for which function?', 'CallbackFunction');
        await pick(page, 'New test event for CallbackFunction', 'an empty event');
        assert.equal(
          await answerInputBox(page, 'Event name', 'ui-made'),
          'event',
          'the name offered for an empty event',
        );
        await page.locator('.tabs-container .tab[aria-label^="ui-made.json"]').first().waitFor({ timeout: 15_000 });
        assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')), {});
        assert.equal(
          (await page.locator('.part.editor .monaco-editor .view-lines').first().textContent())?.trim(),
          '{}',
        );

        await showContainer(page, 'Lambda Workbench');
        await expand(page, 'CallbackFunction');
        await expand(page, 'Test Events');
        const row = treeRow(page, 'ui-made');
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        await row.click({ button: 'right' });
        await contextMenuItem(page, 'Delete Test Event');
        await answerDialog(page, 'Delete the test event "ui-made" of CallbackFunction?', 'Delete');
        await row.waitFor({ state: 'detached', timeout: 15_000 });
        assert.equal(existsSync(saved), false, `${saved} was deleted`);
        await screenshot('ui-new-and-delete-event');
      } finally {
        rmSync(saved, { force: true });
        await closeAllEditors(page);
      }
    },
  },
  {
    title:
      'UI: Deploy to AWS from the palette asks for the function, whether to publish and the role in quick picks, then says it created it; Open in AWS Console asks to open its page',
    timeoutMs: 90_000,
    async run({ page, screenshot }) {
      const iam = new IAMClient({});
      const lambda = new LambdaClient({});
      try {
        const role = await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: TRUST })).then(
          (r) => r.Role!.Arn!,
          (error: Error) =>
            error.name === 'EntityAlreadyExistsException'
              ? `arn:aws:iam::123456789012:role/${ROLE}`
              : Promise.reject(error),
        );
        await lambda.send(new DeleteFunctionCommand({ FunctionName: 'HelloFunction' })).catch((error: Error) => {
          if (error.name !== 'ResourceNotFoundException') throw error;
        });
        // The palette's function pick lists what discovery has found so far: wait until the tree shows it.
        await showContainer(page, 'Lambda Workbench');
        await treeRow(page, 'HelloFunction').waitFor({ state: 'visible', timeout: 20_000 });
        await runFromPalette(page, 'Lambda: Deploy to AWS');
        await pickByTyping(page, 'Deploy which function?', 'HelloFunction');
        await pick(page, 'Deploy HelloFunction', 'Update $LATEST only');
        await pick(page, 'HelloFunction does not exist yet: create it with which execution role?', 'Pick an IAM role…');
        await pickByTyping(page, 'IAM role for the new function', ROLE);
        assert.equal(await notification(page, /^Created HelloFunction/), 'Created HelloFunction');
        await screenshot('ui-deploy');
        const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'HelloFunction' }));
        assert.equal(configuration.Role, role);
        assert.equal(configuration.Handler, 'index.handler');

        // Open in AWS Console, from the Deployed view's context menu: the editor asks before opening the page, naming it.
        const deployed = page
          .locator('.part.sidebar .pane')
          .filter({ has: page.locator('.pane-header', { hasText: /^\s*Deployed/i }) })
          .first();
        const header = deployed.locator('.pane-header').first();
        if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
        const row = deployed
          .locator('.monaco-list-row')
          .filter({ has: page.locator('.label-name', { hasText: /^HelloFunction$/ }) })
          .first();
        await row.waitFor({ state: 'visible', timeout: 20_000 });
        await row.click({ button: 'right' });
        await contextMenuItem(page, 'Open in AWS Console');
        const region = process.env.AWS_REGION;
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: 15_000 });
        assert.match((await dialog.textContent()) ?? '', /Do you want code-server to open the external website\?/);
        // The dialog shortens the address; its Copy button gives it whole.
        await dialog
          .locator('.dialog-buttons a.monaco-button', { hasText: /^Copy$/ })
          .first()
          .click();
        await dialog
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Cancel' }).first().click());
        assert.equal(
          await page.evaluate('navigator.clipboard.readText()'),
          `https://${region}.console.aws.amazon.com/lambda/home?region=${region}#/functions/HelloFunction`,
        );
      } finally {
        await lambda.send(new DeleteFunctionCommand({ FunctionName: 'HelloFunction' })).catch(() => undefined);
        iam.destroy();
        lambda.destroy();
      }
    },
  },
  {
    title: 'UI: Select AWS Profile and Region from the palette changes the region the status bar names',
    timeoutMs: 60_000,
    async run({ page }) {
      const region = process.env.AWS_REGION;
      assert.ok(region, 'the launcher set AWS_REGION (moto)');
      assert.notEqual(region, 'eu-north-1');
      await statusBarText(page, new RegExp(`environment @ ${region}$`));
      await runFromPalette(page, 'Lambda: Select AWS Profile and Region');
      await pick(page, 'AWS profile for Lambda Workbench (1/2)', 'Default credential chain');
      await pickByTyping(page, 'AWS region (2/2)', 'eu-north-1');
      assert.equal(await statusBarText(page, /environment @ eu-north-1$/), 'environment @ eu-north-1');
      await runFromPalette(page, 'Lambda: Select AWS Profile and Region');
      await pick(page, 'AWS profile for Lambda Workbench (1/2)', 'Default credential chain');
      await pick(page, 'AWS region (2/2)', 'From the profile or environment');
      assert.equal(await statusBarText(page, new RegExp(`environment @ ${region}$`)), `environment @ ${region}`);
    },
  },
  {
    title:
      'UI: Stop Warm Instances and Show Logs from the palette: the Output panel shows the Lambda log, ending with what Stop did',
    async run({ page }) {
      await runFromPalette(page, 'Lambda: Stop Warm Instances');
      await runFromPalette(page, 'Lambda: Show Logs');
      // The Output panel follows the end of the log. The editor renders spaces as no-break spaces.
      const line = page
        .locator('.part.panel .view-line', {
          hasText: /\[info\]\sStopped\severy\swarm\sinstance;\sthe\snext\srun\sstarts\sfresh\sones\.$/,
        })
        .first();
      await line.waitFor({ state: 'visible', timeout: 15_000 });
    },
  },
];
