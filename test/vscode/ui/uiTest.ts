// The shape of a UI test the launcher runs on the workbench page, and the page helpers they share.
import type { Frame, Locator, Page } from 'playwright-core';
import type { WorkbenchTarget } from '../../../scripts/vscodeServer.mjs';

/** What a UI test gets: the page showing examples/ with the extension loaded. */
export interface UiContext {
  page: Page;
  /** Absolute path of the examples/ workspace. */
  examples: string;
  /** Saves test-results/<name>.png and resolves with its path. */
  screenshot(name: string): Promise<string>;
  /** The folder of the extension under test (what extensionDevelopmentPath loads). */
  extension: string;
  /** The address of this code-server's workbench on another folder (a test that goes there comes back to examples/). */
  workbenchUrl(target: WorkbenchTarget): string;
  /** Where screenshots are saved (test-results/). */
  resultsDir: string;
}

/** One UI test. Tests run in order on the same page; each brings the page to the state it needs. */
export interface UiTest {
  title: string;
  /** Bound of the whole test (default 30 s). */
  timeoutMs?: number;
  run(context: UiContext): Promise<void>;
}

/** The activity-bar entry of a view container, found by its aria-label (its title). */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
}

/** Shows the view container `title` in the sidebar, clicking its activity-bar icon unless it already shows. */
export async function showContainer(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const heading = page.locator('.part.sidebar .composite.title .title-label h2');
  const shown = await heading
    .first()
    .textContent({ timeout: 1_000 })
    .catch(() => null);
  if (shown && shown.toLowerCase().startsWith(title.toLowerCase())) return;
  await activityBarItem(page, title).click({ timeout: timeoutMs });
  await heading.filter({ hasText: new RegExp(`^${title}`, 'i') }).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Opens a workspace file in the editor through Quick Open. */
export async function openFile(page: Page, relativePath: string, timeoutMs = 15_000): Promise<void> {
  await page.locator('.part.editor').click({ position: { x: 400, y: 300 }, timeout: timeoutMs });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget').getByRole('textbox');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(relativePath);
  const fileName = relativePath.split('/').pop() ?? relativePath;
  // The row of this very file (not a recently opened one of the same name), clicked: a key press may go elsewhere.
  const folder = relativePath.split('/').slice(0, -1).join('/');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: fileName })
    .filter({ hasText: folder })
    .first()
    .click({ timeout: timeoutMs });
  await page.locator(`.tabs-container .tab[aria-label^="${fileName}"]`).first().waitFor({ timeout: timeoutMs });
}

/** Resolves with the first frame (page or webview) showing text that matches `pattern`; fails after `timeoutMs`. */
export async function waitForTextInAnyFrame(
  page: Page,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const visible = await frame
        .getByText(pattern)
        .first()
        .isVisible()
        .catch(() => false);
      if (visible) return frame;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (text ${pattern})`);
    await page.waitForTimeout(250);
  }
}
