// The words and numbers the local event sources show: status bar texts, log lines, messages. No 'vscode' here,
// so every sentence is unit-tested without an editor.
import type { AsyncAttempt } from '../../core/async/asyncInvoker';
import type { DestinationRecord } from '../../core/async/types';
import type { RouteInfo } from '../../core/local/apiGateway/server';
import type { ServedFunctionUrl } from '../../core/local/functionUrls/functionUrlServer';
import { WorkbenchError } from '../../core/errors';

/** The status bar text of a running local API, e.g. `$(globe) API :3000`. */
export function apiStatusText(port: number): string {
  return `$(globe) API :${port}`;
}

/**
 * One line per route: method, address (its API's own port when several APIs are served) and function; WebSocket
 * routes with their ws:// address and route key.
 */
export function routeLines(url: string, routes: RouteInfo[]): string[] {
  return routes.map((r) =>
    r.kind === 'websocket'
      ? `  WS ${url.replace(/^http/, 'ws')} ${r.path} → ${r.functionName}`
      : `  ${r.method} ${r.apiUrl ?? url}${r.path === '$default' ? '/*' : r.path} → ${r.functionName}${r.auth && r.auth !== 'none' ? ` (${r.auth} auth)` : ''}`,
  );
}

/** One line per function URL: its own local address, function, auth type and invoke mode. */
export function functionUrlLines(urls: ServedFunctionUrl[]): string[] {
  return urls.map((u) => `  URL ${u.url} → ${u.functionName} (function URL, ${u.authType}, ${u.invokeMode})`);
}

/** The status bar tooltip: the address, the routes and the function URLs. */
export function apiTooltip(url: string, routes: RouteInfo[], urls: ServedFunctionUrl[] = []): string {
  return [
    `Local API on ${url}`,
    ...routeLines(url, routes),
    ...functionUrlLines(urls),
    '',
    'Click for Open in Browser, Copy URL, Stop',
  ].join('\n');
}

/** The address worth opening in a browser: the first GET (or ANY) route without path parameters, else the root. */
export function browseUrl(url: string, routes: RouteInfo[]): string {
  const route = routes.find(
    (r) =>
      r.kind !== 'websocket' &&
      (r.method === 'GET' || r.method === 'ANY') &&
      r.path.startsWith('/') &&
      !r.path.includes('{'),
  );
  return `${url}${route ? route.path : '/'}`;
}

/** Checks the `lambdaWorkbench.api.port` setting; 0 picks a free port. */
export function checkPort(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new WorkbenchError(
      'invalid-setting',
      `The setting lambdaWorkbench.api.port must be a whole number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(value)}.`,
      {
        setting: 'lambdaWorkbench.api.port',
      },
    );
  }
  return value;
}

/** What the user reads when the configured port is taken. */
export function portInUseMessage(port: number): string {
  return `Port ${port} is already in use, so the local API cannot start there. Stop what listens on port ${port}, or set lambdaWorkbench.api.port to another port (0 picks a free one).`;
}

/** True for the error startApi rejects with when its port is taken. */
export function isPortInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/** The status bar text of running schedules: the schedule's name when one runs, the count otherwise. */
export function schedulesStatusText(names: string[]): string {
  return names.length === 1 ? `$(watch) ${names[0]}` : `$(watch) ${names.length} schedules`;
}

/** A fire time as people read it: `Mon, Jun 2, 03:00` in the given zone (the machine's by default). */
export function formatFireTime(time: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(time);
}

/** The log line of one asynchronous attempt, naming the retry when one follows. */
export function attemptLogLine(functionName: string, attempt: AsyncAttempt): string {
  const id = attempt.requestId.slice(0, 8);
  const { result } = attempt;
  if (result.status === 'success')
    return `[async] ${functionName} ${id}: attempt ${attempt.attempt} succeeded in ${Math.round(result.durationMs)} ms`;
  const reason = result.error
    ? `${result.error.errorType ?? result.status}: ${result.error.errorMessage ?? ''}`.trim()
    : result.status;
  const next = attempt.retryInMs === undefined ? 'no retry left' : `retry in ${formatDelay(attempt.retryInMs)}`;
  return `[async] ${functionName} ${id}: attempt ${attempt.attempt} failed (${reason}); ${next}`;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}

/** The notification shown when an asynchronous event's record was written. */
export function recordMessage(functionName: string, record: DestinationRecord, recordFile: string): string {
  const { condition, approximateInvokeCount: count } = record.requestContext;
  const attempts = `${count} attempt${count === 1 ? '' : 's'}`;
  const where =
    record.destination.type === 'None'
      ? 'no destination is configured'
      : `on AWS it would go to the ${record.destination.type} destination ${record.destination.arn}`;
  const outcome = condition === 'Success' ? `succeeded after ${attempts}` : `ended with ${condition} after ${attempts}`;
  return `Asynchronous invocation of ${functionName} ${outcome}; ${where}. Recorded in ${recordFile}.`;
}
