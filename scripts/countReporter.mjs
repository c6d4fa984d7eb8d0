// A node:test reporter that writes one JSON line per finished test (not per suite): its file and outcome.
// run-tests.mjs reads these lines to print executed and skipped counts per suite and to refuse skips under CI.
export default async function* countReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite') continue;
    const outcome =
      data.skip !== undefined
        ? 'skipped'
        : data.todo !== undefined
          ? 'todo'
          : event.type === 'test:pass'
            ? 'passed'
            : 'failed';
    yield `${JSON.stringify({ file: data.file, name: data.name, outcome })}\n`;
  }
}
