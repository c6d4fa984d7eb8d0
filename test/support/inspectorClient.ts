import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/** A Chrome DevTools Protocol event: its method name and parameters. */
export interface CdpEvent {
  method: string;
  params: any;
}

/** Where a breakpoint set through a source map landed in the generated script (0-based, as CDP counts). */
export interface BoundBreakpoint {
  breakpointId: string;
  scriptUrl: string;
  lineNumber: number;
  columnNumber: number;
}

/** One frame of a `Debugger.paused` event, as far as these tools read it. */
export interface CallFrame {
  callFrameId: string;
  url: string;
  location: { scriptId: string; lineNumber: number; columnNumber: number };
  scopeChain: { type: string; object: { objectId?: string } }[];
}

/**
 * A small Chrome DevTools Protocol client over WebSocket for a Node.js inspector (`node --inspect`): requests with
 * their responses, events kept until someone waits for them, and breakpoints given by a source file and line that
 * bind through the script's source map when it loads (the way an editor's debugger binds TypeScript breakpoints).
 */
export class InspectorClient {
  private seq = 1;
  private readonly pending = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>();
  private readonly events: CdpEvent[] = [];
  private readonly waiters: { match: (e: CdpEvent) => boolean; resolve: (e: CdpEvent) => void }[] = [];
  private readonly sourceBreakpoints: { file: string; line: number; bound: (b: BoundBreakpoint) => void }[] = [];
  private readonly scripts = new Map<string, { url: string; sourceMapURL?: string }>();
  private loadBreakpoint?: Promise<string>;
  private closedError?: Error;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => this.fail(new Error('the inspector closed the connection')));
    socket.on('error', (error) => this.fail(error));
  }

  /** Connects to the first target of the inspector on host:port (127.0.0.1 by default), within timeoutMs. */
  static async connect(port: number, options: { host?: string; timeoutMs?: number } = {}): Promise<InspectorClient> {
    const host = options.host ?? '127.0.0.1';
    const timeoutMs = options.timeoutMs ?? 10_000;
    const url = await InspectorClient.targetUrl(host, port, timeoutMs);
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', (error) => reject(new Error(`cannot connect to the inspector at ${url}: ${error.message}`)));
    });
    return new InspectorClient(socket);
  }

  /** The WebSocket address of the inspector's first target, from its /json/list endpoint. */
  static async targetUrl(host: string, port: number, timeoutMs = 10_000): Promise<string> {
    const response = await fetch(`http://${host}:${port}/json/list`, { signal: AbortSignal.timeout(timeoutMs) });
    const targets = (await response.json()) as { webSocketDebuggerUrl?: string }[];
    const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
    if (!url) throw new Error(`the inspector on ${host}:${port} lists no debuggable target`);
    return url;
  }

  /** Sends a command; resolves with its result, rejects with the inspector's error or after timeoutMs. */
  send<T = any>(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.seq++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** The first event named `method` (and matching `match`) not yet taken, whether it came before or comes later. */
  waitFor(method: string, timeoutMs = 30_000, match: (params: any) => boolean = () => true): Promise<any> {
    const test = (e: CdpEvent): boolean => e.method === method && match(e.params);
    const index = this.events.findIndex(test);
    if (index >= 0) return Promise.resolve(this.events.splice(index, 1)[0].params);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: test,
        resolve: (e: CdpEvent) => {
          clearTimeout(timer);
          resolve(e.params);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${method} event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Enables the runtime and debugger domains. Call before `run()`, and before `breakInSource`. */
  async enable(): Promise<void> {
    await this.send('Runtime.enable');
    await this.send('Debugger.enable');
  }

  /**
   * A breakpoint at a 0-based line of an original source file (a .ts file, say). It binds in a loaded script whose
   * source map names that file, or else when such a script loads (the debugger pauses on the first line of each file
   * loaded while source breakpoints wait, binds them, and goes on). Resolves once armed; `bound` then resolves with
   * where it landed in the generated script.
   */
  /** The URL of a script the inspector announced (Debugger.scriptParsed), by its id. */
  scriptUrl(scriptId: string): string | undefined {
    return this.scripts.get(scriptId)?.url;
  }

  async breakInSource(file: string, line: number): Promise<{ bound: Promise<BoundBreakpoint> }> {
    const bound = new Promise<BoundBreakpoint>((resolveBound) =>
      this.sourceBreakpoints.push({ file: resolve(file), line, bound: resolveBound }),
    );
    for (const [scriptId, script] of this.scripts)
      if (script.sourceMapURL) await this.bind(scriptId, script.url, script.sourceMapURL);
    if (this.sourceBreakpoints.length && !this.loadBreakpoint) {
      // V8 only pauses on a script's first line for a breakpoint; instrumentation breakpoints skip CommonJS modules.
      this.loadBreakpoint = this.send<{ breakpointId: string }>('Debugger.setBreakpointByUrl', {
        urlRegex: '^file://.*\\.[cm]?js$',
        lineNumber: 0,
        columnNumber: 0,
      }).then((r) => r.breakpointId);
      await this.loadBreakpoint;
    }
    return { bound };
  }

  /** Lets a process that waits for a debugger (`inspector.waitForDebugger()`, `--inspect-brk`) go on. */
  run(): Promise<void> {
    return this.send('Runtime.runIfWaitingForDebugger');
  }

  /** Waits for the next pause that is not a load stop of `breakInSource` (those are handled here). */
  async paused(timeoutMs = 30_000): Promise<{ reason: string; callFrames: CallFrame[]; hitBreakpoints?: string[] }> {
    return this.waitFor('Debugger.paused', timeoutMs);
  }

  resume(): Promise<void> {
    return this.send('Debugger.resume');
  }

  /** The names of the variables in the innermost (local) scope of a frame. */
  async localNames(frame: CallFrame): Promise<string[]> {
    const local = frame.scopeChain.find((scope) => scope.type === 'local');
    if (!local?.object.objectId) return [];
    const { result } = await this.send<{ result: { name: string }[] }>('Runtime.getProperties', {
      objectId: local.object.objectId,
      ownProperties: true,
    });
    return result.map((property) => property.name);
  }

  /** Evaluates an expression in a paused frame and returns its value as JSON (undefined for non-serialisable ones). */
  async evaluate(frame: CallFrame, expression: string): Promise<unknown> {
    const answer = await this.send<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>(
      'Debugger.evaluateOnCallFrame',
      {
        callFrameId: frame.callFrameId,
        expression,
        returnByValue: true,
      },
    );
    if (answer.exceptionDetails) throw new Error(`evaluating ${expression} failed: ${answer.exceptionDetails.text}`);
    return answer.result.value;
  }

  /** Closes the connection; a process paused at a breakpoint goes on, as when an editor detaches. */
  close(): void {
    this.socket.close();
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: unknown;
    };
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result);
      return;
    }
    if (!message.method) return;
    const event: CdpEvent = { method: message.method, params: message.params ?? {} };
    if (event.method === 'Debugger.scriptParsed' && event.params.url) {
      this.scripts.set(event.params.scriptId, {
        url: event.params.url,
        sourceMapURL: event.params.sourceMapURL || undefined,
      });
    }
    if (event.method === 'Debugger.paused' && this.loadBreakpoint) {
      const frame = event.params.callFrames?.[0] as CallFrame | undefined;
      const hits = (event.params.hitBreakpoints ?? []) as string[];
      void this.loadBreakpoint.then((id) => {
        if (frame && hits.includes(id)) void this.bindAndResume(frame.location.scriptId);
        else this.dispatch(event);
      });
      return;
    }
    this.dispatch(event);
  }

  private dispatch(event: CdpEvent): void {
    const waiter = this.waiters.find((w) => w.match(event));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    } else {
      this.events.push(event);
    }
  }

  /** A file loaded while source breakpoints wait: binds those its source map covers, then lets it run. */
  private async bindAndResume(scriptId: string): Promise<void> {
    try {
      const script = this.scripts.get(scriptId);
      if (script?.sourceMapURL) await this.bind(scriptId, script.url, script.sourceMapURL);
      if (this.sourceBreakpoints.length === 0 && this.loadBreakpoint) {
        const id = await this.loadBreakpoint;
        this.loadBreakpoint = undefined;
        await this.send('Debugger.removeBreakpoint', { breakpointId: id });
      }
    } finally {
      await this.resume().catch(() => undefined);
    }
  }

  private async bind(scriptId: string, url: string, sourceMapUrl: string): Promise<void> {
    if (!this.sourceBreakpoints.length || !url.startsWith('file:')) return;
    const mapFile = sourceMapUrl.startsWith('file:')
      ? fileURLToPath(sourceMapUrl)
      : resolve(dirname(fileURLToPath(url)), sourceMapUrl);
    let map: SourceMap;
    try {
      map = new SourceMap(JSON.parse(await readFile(mapFile, 'utf8')));
    } catch {
      return; // a script whose map cannot be read binds no source breakpoint, as in VS Code's own debugger
    }
    const { scriptSource } = await this.send<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId });
    const lines = scriptSource.split('\n');
    for (const breakpoint of [...this.sourceBreakpoints]) {
      const at = generatedPosition(map, dirname(mapFile), lines, breakpoint.file, breakpoint.line);
      if (!at) continue;
      const answer = await this.send<{
        breakpointId: string;
        actualLocation: { lineNumber: number; columnNumber: number };
      }>('Debugger.setBreakpoint', {
        location: { scriptId, lineNumber: at.line, columnNumber: at.column },
      });
      this.sourceBreakpoints.splice(this.sourceBreakpoints.indexOf(breakpoint), 1);
      breakpoint.bound({ breakpointId: answer.breakpointId, scriptUrl: url, ...answer.actualLocation });
    }
  }

  private fail(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The first generated position whose mapping points at `line` of `file` (0-based lines and columns). */
function generatedPosition(
  map: SourceMap,
  mapDir: string,
  lines: string[],
  file: string,
  line: number,
): { line: number; column: number } | undefined {
  for (let generated = 0; generated < lines.length; generated++) {
    const text = lines[generated];
    for (let column = text.search(/\S/); column >= 0 && column < text.length; column++) {
      const entry = map.findEntry(generated, column) as {
        generatedLine?: number;
        generatedColumn?: number;
        originalSource?: string;
        originalLine?: number;
      };
      if (entry.generatedLine !== generated || entry.generatedColumn !== column || entry.originalSource === undefined)
        continue;
      if (entry.originalLine === line && sourcePath(entry.originalSource, mapDir) === file)
        return { line: generated, column };
    }
  }
  return undefined;
}

function sourcePath(source: string, mapDir: string): string {
  return source.startsWith('file:') ? fileURLToPath(source) : resolve(mapDir, source);
}
