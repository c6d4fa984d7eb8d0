// The result page's only behaviour: links to stack frames and the Run Again button, through the extension.
(function () {
  const vscode = acquireVsCodeApi();
  document.getElementById('run-again').addEventListener('click', () => vscode.postMessage({ type: 'runAgain' }));
  for (const link of document.querySelectorAll('a[data-file]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'open', file: link.dataset.file, line: Number(link.dataset.line), column: Number(link.dataset.column) });
    });
  }
})();
