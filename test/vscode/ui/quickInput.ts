// Driving the command palette, quick picks, input boxes, notifications and dialogs as a user does.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

const WIDGET = '.quick-input-widget';

/** Runs a command by its palette title (e.g. "Lambda: New Test Event"). */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator(WIDGET).getByRole('textbox');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page
    .locator(`${WIDGET} .monaco-list-row`)
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first()
    .click({ timeout: 10_000 });
}

/** Closes every editor, so that what a test opens is the only thing shown. */
export async function closeAllEditors(page: Page): Promise<void> {
  await runFromPalette(page, 'View: Close All Editors');
  const tabs = page.locator('.part.editor .tabs-container .tab');
  for (const deadline = Date.now() + 10_000; (await tabs.count()) > 0;) {
    if (Date.now() > deadline)
      throw new Error(`editors still open after Close All Editors: ${(await tabs.allTextContents()).join(', ')}`);
    await page.waitForTimeout(200);
  }
}

/** Clicks `label` in the context menu that is open (it must appear). */
export async function contextMenuItem(page: Page, label: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-label', { hasText: label }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await item.hover();
  await item.click();
  // A click that lands while the menu is still opening only highlights the item: Enter takes it.
  if (await menu.isVisible().catch(() => false)) await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

/** Waits for the quick input titled `title` (it must appear) and returns it. */
export async function quickInput(page: Page, title: string, timeoutMs = 15_000): Promise<Locator> {
  const widget = page.locator(WIDGET);
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
  assert.equal(await widget.locator('.quick-input-title').textContent(), title);
  return widget;
}

/** In the quick pick titled `title`, clicks the first row showing `row`. */
export async function pick(page: Page, title: string, row: string | RegExp): Promise<void> {
  const widget = await quickInput(page, title);
  await widget.locator('.monaco-list-row', { hasText: row }).first().click({ timeout: 10_000 });
}

/** In the quick pick titled `title`, types `filter` and takes the first row left. */
export async function pickByTyping(page: Page, title: string, filter: string): Promise<void> {
  const widget = await quickInput(page, title);
  await widget.getByRole('textbox').fill(filter);
  await widget.locator('.monaco-list-row', { hasText: filter }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Answers the input box titled `title` with `value`; returns the value it offered first. */
export async function answerInputBox(page: Page, title: string, value: string): Promise<string> {
  const widget = await quickInput(page, title);
  const box = widget.locator('input.input').first();
  const offered = await box.inputValue();
  await box.fill(value);
  await page.keyboard.press('Enter');
  return offered;
}

/** The notification toast whose text matches `pattern` (it must appear); resolves with its text. */
export async function notification(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: pattern }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.textContent()) ?? '';
}

/** Clicks `button` in the modal dialog whose message matches `message` (it must appear). */
export async function answerDialog(page: Page, message: string, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.locator('.dialog-message-text', { hasText: message }).waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await dialog.locator('.dialog-message-text').textContent(), message);
  await dialog.locator('.dialog-buttons a.monaco-button', { hasText: button }).first().click();
}
