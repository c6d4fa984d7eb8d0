import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ResultModel } from './resultView';

/** Messages the result page posts back. */
type PageMessage = { type: 'open'; file: string; line: number; column: number } | { type: 'runAgain' };

/** What the extension posts to a page that is showing a response stream as it arrives. */
export type StreamMessage = { type: 'chunk'; text: string };

/**
 * The result of a run, beside the code: one panel per function, reused by its next run. Stack frames are links
 * to the source; "Run Again" repeats the run with the same event.
 */
export class ResultPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; runAgain: () => void }>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Shows a run whose response is streaming: `append` adds text as it arrives, until `show` gives the result. */
  showStreaming(
    functionId: string,
    title: string,
    eventLabel: string,
    runAgain: () => void,
  ): { append(text: string): void } {
    const model: ResultModel = {
      title,
      status: 'success',
      statusText: 'Streaming…',
      eventLabel,
      requestId: '',
      response: '',
      metrics: [],
      logs: [],
      warnings: [],
    };
    const panel = this.show(functionId, model, runAgain);
    return { append: (text) => void panel.webview.postMessage({ type: 'chunk', text } satisfies StreamMessage) };
  }

  show(functionId: string, model: ResultModel, runAgain: () => void): vscode.WebviewPanel {
    let entry = this.panels.get(functionId);
    // Results of all functions share one column beside the code, instead of opening a new column each time.
    const column =
      [...this.panels.values()].map((e) => e.panel.viewColumn).find((c) => c !== undefined) ?? vscode.ViewColumn.Beside;
    if (!entry) {
      const panel = vscode.window.createWebviewPanel(
        'lambdaWorkbench.result',
        model.title,
        { viewColumn: column, preserveFocus: true },
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
        },
      );
      const created = { panel, runAgain };
      entry = created;
      panel.onDidDispose(() => this.panels.delete(functionId));
      panel.webview.onDidReceiveMessage((message: PageMessage) => {
        if (message.type === 'runAgain') created.runAgain();
        else if (message.type === 'open') void openFrame(message.file, message.line, message.column);
      });
      this.panels.set(functionId, entry);
    }
    entry.runAgain = runAgain;
    entry.panel.title = model.title;
    entry.panel.webview.html = this.html(entry.panel.webview, model);
    if (!entry.panel.visible) entry.panel.reveal(entry.panel.viewColumn ?? column, true);
    return entry.panel;
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
  }

  private html(webview: vscode.Webview, model: ResultModel): string {
    const nonce = randomBytes(16).toString('base64');
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'result.css'));
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'result.js'));
    const body = model.error
      ? `<section class="error"><h2>${escape(model.error.type)}</h2><p class="message">${escape(model.error.message)}</p><ol class="frames">${model.error.frames
          .map((f) =>
            f.file !== undefined
              ? `<li><a href="#" data-file="${escape(f.file)}" data-line="${f.line}" data-column="${f.column}">${escape(f.text)}</a></li>`
              : `<li>${escape(f.text)}</li>`,
          )
          .join(
            '',
          )}</ol>${model.error.hiddenFrames ? `<p class="hidden-frames">${model.error.hiddenFrames} frame(s) of the local runtime client hidden</p>` : ''}</section>`
      : responseSection(model);
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${css}"><title>${escape(model.title)}</title></head>
<body>
<header><span class="status ${model.status}" role="status">${escape(model.statusText)}</span>
<span class="event">event: ${escape(model.eventLabel)}</span><button id="run-again">Run Again</button></header>
${model.warnings.map((w) => `<p class="warning">${escape(w)}</p>`).join('')}
${body}
<section><h2>Figures</h2><table class="metrics">${model.metrics.map((m) => `<tr><th>${escape(m.label)}</th><td>${escape(m.value)}</td></tr>`).join('')}</table></section>
<section><h2>Logs</h2><pre class="logs">${model.logs.map(escape).join('\n')}</pre><p class="request">RequestId ${escape(model.requestId)}</p></section>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }
}

async function openFrame(file: string, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line), Math.max(0, column));
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(file), {
      selection: new vscode.Range(position, position),
      viewColumn: vscode.ViewColumn.One,
    });
  } catch (error) {
    void vscode.window.showWarningMessage(
      `Cannot open ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The response; when its JSON string `body` is shown parsed, a toggle between that and the raw response. */
function responseSection(model: ResultModel): string {
  if (model.rawResponse === undefined)
    return `<section><h2>Response</h2><pre class="response">${escape(model.response ?? '')}</pre></section>`;
  return `<section><h2>Response <button id="toggle-raw" class="secondary" aria-pressed="false">Show Raw</button></h2>
<pre class="response" id="response-parsed" title="body parsed from its JSON string">${escape(model.response ?? '')}</pre>
<pre class="response" id="response-raw" hidden>${escape(model.rawResponse)}</pre></section>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
