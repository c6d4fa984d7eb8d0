// The result page's behaviour: links to stack frames, the Run Again button, a streamed response growing, and the
// raw/parsed toggle of a JSON string body.
(function () {
  const vscode = acquireVsCodeApi();
  document.getElementById('run-again').addEventListener('click', () => vscode.postMessage({ type: 'runAgain' }));
  window.addEventListener('message', (event) => {
    const response = document.querySelector('pre.response');
    if (event.data && event.data.type === 'chunk' && response) response.textContent += event.data.text;
  });
  const toggle = document.getElementById('toggle-raw');
  if (toggle) {
    toggle.addEventListener('click', () => {
      const raw = toggle.getAttribute('aria-pressed') !== 'true';
      toggle.setAttribute('aria-pressed', String(raw));
      toggle.textContent = raw ? 'Show Parsed Body' : 'Show Raw';
      document.getElementById('response-raw').hidden = !raw;
      document.getElementById('response-parsed').hidden = raw;
    });
  }
  for (const link of document.querySelectorAll('a[data-file]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({
        type: 'open',
        file: link.dataset.file,
        line: Number(link.dataset.line),
        column: Number(link.dataset.column),
      });
    });
  }
})();
