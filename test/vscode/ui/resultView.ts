// Reads the result view (the webview beside the code) as the user sees it: status, event, response, figures, logs.
import type { Frame, Page } from 'playwright-core';

/** What the result view shows, read from its DOM. */
export interface ShownResult {
  status: string;
  /** The status's class: success, error or timeout. */
  statusKind: string;
  event: string;
  /** The response text (the parsed body when the view shows it parsed); undefined for an error result. */
  response?: string;
  /** The error's type and message, for an error result. */
  error?: { type: string; message: string };
  /** The figures table, label to value. */
  figures: Record<string, string>;
  logs: string[];
  requestLine: string;
}

/** The frame of the result view whose status text matches `status`; fails after `timeoutMs`. */
export async function resultViewFrame(page: Page, status: RegExp, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const text = await frame
        .locator('header .status[role="status"]')
        .first()
        .textContent({ timeout: 200 })
        .catch(() => null);
      if (text !== null && status.test(text)) return frame;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for a result view whose status matches ${status}`);
    await page.waitForTimeout(250);
  }
}

/** Everything the result view in `frame` shows. */
export async function readResultView(frame: Frame): Promise<ShownResult> {
  const text = async (selector: string) =>
    (await frame.locator(selector).first().textContent({ timeout: 5_000 })) ?? '';
  const status = frame.locator('header .status').first();
  const figures: Record<string, string> = {};
  for (const row of await frame.locator('table.metrics tr').all()) {
    figures[(await row.locator('th').textContent()) ?? ''] = (await row.locator('td').textContent()) ?? '';
  }
  const hasError = (await frame.locator('section.error').count()) > 0;
  const response = frame.locator('pre.response:not([hidden])');
  return {
    status: (await status.textContent()) ?? '',
    statusKind: ((await status.getAttribute('class')) ?? '')
      .split(/\s+/)
      .filter((c) => c && c !== 'status')
      .join(' '),
    event: await text('header .event'),
    response: (await response.count()) > 0 ? ((await response.first().textContent()) ?? '') : undefined,
    error: hasError
      ? { type: await text('section.error h2'), message: await text('section.error .message') }
      : undefined,
    figures,
    logs: (await text('pre.logs')).split('\n').filter((line) => line.length > 0),
    requestLine: await text('p.request'),
  };
}
