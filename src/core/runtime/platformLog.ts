import type { LogFormat } from '../model';

/** The figures of a REPORT line. */
export interface ReportFigures {
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  /** Undefined when the platform cannot say (no /proc). */
  maxMemoryUsedMB?: number;
  initDurationMs?: number;
  /** 'timeout' or 'error' add Lambda's Status field; success has none. */
  status?: 'timeout' | 'error';
  errorType?: string;
  timeoutLifted?: boolean;
}

/**
 * The lines Lambda's platform writes around each invocation, in the text or JSON log format
 * (LoggingConfig.LogFormat), as CloudWatch Logs shows them.
 */
export class PlatformLog {
  constructor(private readonly format: LogFormat) {}

  /** `runtime` is the version that runs; `declared`, given when it differs, the one the function declares. */
  initStart(runtime: string, declared?: string): string {
    if (this.format === 'JSON') {
      const record: Record<string, unknown> = {
        initializationType: 'on-demand',
        phase: 'init',
        runtimeVersion: runtime,
      };
      if (declared) record.declaredRuntime = declared;
      return this.json('platform.initStart', record);
    }
    return `INIT_START Runtime Version: ${runtime} (local${declared ? `, not the ${declared} the function declares` : ''})`;
  }

  /**
   * Written before REPORT when a debugger held the invocation paused: the paused time, which Duration includes and
   * Billed Duration leaves out, and what Lambda would bill.
   */
  paused(requestId: string, pausedMs: number, billedDurationMs: number): string {
    if (this.format === 'JSON')
      return this.json('platform.debugPause', { requestId, pausedMs: round2(pausedMs), billedDurationMs });
    return `PAUSED RequestId: ${requestId}\tPaused: ${pausedMs.toFixed(2)} ms at breakpoints (not billed: Lambda would bill ${billedDurationMs} ms)`;
  }

  start(requestId: string, version: string): string {
    if (this.format === 'JSON') return this.json('platform.start', { requestId, version });
    return `START RequestId: ${requestId} Version: ${version}`;
  }

  end(requestId: string): string {
    // In the JSON format Lambda writes no END record; platform.report closes the invocation.
    return this.format === 'JSON' ? '' : `END RequestId: ${requestId}`;
  }

  /** Lambda's own line for a timeout, written before END. */
  timedOut(requestId: string, timeoutSeconds: number): string {
    const message = `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
    if (this.format === 'JSON') {
      return JSON.stringify({ time: new Date().toISOString(), type: 'function', requestId, level: 'ERROR', message });
    }
    return `${new Date().toISOString()} ${requestId} ${message}`;
  }

  report(requestId: string, figures: ReportFigures): string {
    if (this.format === 'JSON') {
      const metrics: Record<string, number> = {
        durationMs: round2(figures.durationMs),
        billedDurationMs: figures.billedDurationMs,
        memorySizeMB: figures.memorySizeMB,
      };
      if (figures.maxMemoryUsedMB !== undefined) metrics.maxMemoryUsedMB = figures.maxMemoryUsedMB;
      if (figures.initDurationMs !== undefined) metrics.initDurationMs = round2(figures.initDurationMs);
      const record: Record<string, unknown> = { requestId, metrics, status: figures.status ?? 'success' };
      if (figures.errorType) record.errorType = figures.errorType;
      if (figures.timeoutLifted) record.timeoutLifted = true;
      return this.json('platform.report', record);
    }
    const fields = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${figures.durationMs.toFixed(2)} ms`,
      `Billed Duration: ${figures.billedDurationMs} ms`,
      `Memory Size: ${figures.memorySizeMB} MB`,
      figures.maxMemoryUsedMB === undefined
        ? 'Max Memory Used: unknown (this platform does not report it)'
        : `Max Memory Used: ${figures.maxMemoryUsedMB} MB`,
    ];
    if (figures.initDurationMs !== undefined) fields.push(`Init Duration: ${figures.initDurationMs.toFixed(2)} ms`);
    if (figures.status) fields.push(`Status: ${figures.status}`);
    if (figures.errorType) fields.push(`Error Type: ${figures.errorType}`);
    if (figures.timeoutLifted) fields.push('Timeout: lifted while a debugger is attached');
    return fields.join('\t');
  }

  private json(type: string, record: Record<string, unknown>): string {
    return JSON.stringify({ time: new Date().toISOString(), type, record });
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
