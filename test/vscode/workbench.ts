// Headless Chromium (Debian's) driven by playwright-core, showing a code-server workbench.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A browser page and the means to photograph it and to close it. */
export interface Browser {
  page: Page;
  /** Saves test-results/<name>.png (the whole page) and resolves with its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** The Chromium to drive: $LAMBDA_WORKBENCH_CHROMIUM or the first of Debian's usual paths that exists. */
export function chromiumPath(): string {
  const path = process.env.LAMBDA_WORKBENCH_CHROMIUM || CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(
      `no Chromium found (tried ${CHROMIUM_CANDIDATES.join(', ')}); apt-get install -y chromium or set LAMBDA_WORKBENCH_CHROMIUM`,
    );
  }
  return path;
}

/** Launches headless Chromium with a throwaway profile; screenshots go to `resultsDir`. */
export async function openBrowser(resultsDir: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'lambda-workbench-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
      // Copy ARN and the like go through the page's clipboard, which the tests read back.
      permissions: ['clipboard-read', 'clipboard-write'],
      // The launcher's own signal handlers close the browser after code-server, then exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closing: Promise<void> | undefined;
  return {
    page,
    async screenshot(name) {
      mkdirSync(resultsDir, { recursive: true });
      const path = join(resultsDir, `${name}.png`);
      await page.screenshot({ path, timeout: 15_000 });
      return path;
    },
    close: () =>
      (closing ??= (async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      })()),
  };
}

/** Waits until the workbench shows its activity bar and editor area. */
export async function waitForWorkbench(page: Page, timeoutMs: number): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: timeoutMs });
}
