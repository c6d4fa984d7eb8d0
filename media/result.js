// The result page's only behaviour: links to stack frames, the Run Again button, and a streamed response growing.
(function () {
  const vscode = acquireVsCodeApi();
  document.getElementById('run-again').addEventListener('click', () => vscode.postMessage({ type: 'runAgain' }));
  window.addEventListener('message', (event) => {
    const response = document.querySelector('pre.response');
    if (event.data && event.data.type === 'chunk' && response) response.textContent += event.data.text;
  });
  for (const link of document.querySelectorAll('a[data-file]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'open', file: link.dataset.file, line: Number(link.dataset.line), column: Number(link.dataset.column) });
    });
  }
})();
