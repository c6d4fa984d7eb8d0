import { mkdir, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { cliRuntime } from '../cliRuntime';
import { CoverageRun, findEventTests, junitXml, lcovReport, runEventTests, type TestOutcome } from '../../core/testing';
import { flag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { localSetup, PROFILE_FLAGS, PROFILE_FLAGS_USAGE, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';
import { applyEnvFile, formatDiagnostics, loadFunctions, pickFunction } from '../workspaceFunctions';

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'Run every saved event that has an expected result, and compare',
  usage: `Usage: lambda-workbench test [options]

Runs every saved event events/<Function>/<name>.json that has an expected result <name>.expected.json beside it on
the local Lambda runtime (no Docker), several at once (no more per function than its reserved concurrency), and
compares: the response payload, or the function error's errorType and errorMessage, after removing the expectation's
"ignore" paths (JSON pointers such as /headers/date, or paths such as $.items[*].id). Prints one line per test, a
diff of each mismatch and "N passed, N failed"; the exit code is 1 when any test failed or could not run.

Options:
  --function <name>    only this function's events
  --update             record the results as the expected ones (their "ignore" paths are kept)
  --junit <file>       also write a JUnit XML report for CI
  --coverage <dir>     measure the coverage of the functions' own sources and write <dir>/lcov.info: V8's
                       coverage for Node.js (TypeScript through its source maps), coverage.py for Python
                       (when the function's interpreter can import it)
  --env-vars <file>    a SAM-style env.json with environment overrides
  --events-folder <d>  the events folder beside each template (default: events), as the editor's
                       lambdaWorkbench.eventsFolder setting names it
  --template <file>    a SAM/CloudFormation template or serverless.yml; default: discover everything here
${TEMPLATE_FLAGS_USAGE}
${PROFILE_FLAGS_USAGE}`,
  async run(args, io) {
    const parsed = parseArgs(
      args,
      [...TEMPLATE_FLAGS, ...PROFILE_FLAGS, 'function', 'junit', 'env-vars', 'coverage', 'events-folder'],
      ['update'],
    );
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const { resolution, target: aws } = await localSetup(parsed, io);
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'), resolution);
    io.stderr(formatDiagnostics(loaded.diagnostics.filter((d) => d.severity === 'error')));
    const only = flag(parsed, 'function');
    const functions = only === undefined ? loaded.functions : [pickFunction(loaded, only)];
    for (const warning of await applyEnvFile(functions, io.cwd, flag(parsed, 'env-vars')))
      io.stderr(`warning: ${warning}\n`);
    const tests = await findEventTests(functions, loaded.root, { eventsRoot: flag(parsed, 'events-folder') });
    if (!tests.length) {
      io.stderr(
        `no tests found: a test is a saved event ${flag(parsed, 'events-folder') ?? 'events'}/<Function>/<name>.json with <name>.expected.json beside it${only ? ` (function ${only})` : ''}\n`,
      );
      return 1;
    }
    const update = parsed.flags.has('update');
    const runtime = cliRuntime({ region: aws.region, credentials: aws.credentials, hostEnv: io.env });
    const coverageDir = flag(parsed, 'coverage');
    const coverage = coverageDir === undefined ? undefined : await CoverageRun.start();
    let outcomes: TestOutcome[];
    try {
      outcomes = await runEventTests(tests, coverage ? coverage.invoker(runtime) : runtime, {
        update,
        onOutcome: (o) => io.stdout(line(o, io.cwd)),
      });
    } finally {
      await runtime.dispose();
    }
    const junit = flag(parsed, 'junit');
    if (junit !== undefined) await writeFile(resolve(io.cwd, junit), junitXml(outcomes));
    if (coverage) {
      const report = await coverage.collect();
      for (const note of report.notes) io.stderr(`note: ${note}\n`);
      const dir = resolve(io.cwd, coverageDir!);
      await mkdir(dir, { recursive: true });
      await writeFile(resolve(dir, 'lcov.info'), lcovReport(report.files, loaded.root));
      const lines = report.files.flatMap((f) => [...f.lines.values()]);
      const percent = lines.length ? ((100 * lines.filter((c) => c > 0).length) / lines.length).toFixed(1) : '0.0';
      io.stdout(
        `coverage: ${percent}% of ${lines.length} lines in ${report.files.length} files, written to ${relative(io.cwd, resolve(dir, 'lcov.info'))}\n`,
      );
    }
    const count = (status: TestOutcome['status']) => outcomes.filter((o) => o.status === status).length;
    const failed = count('failed') + count('error');
    io.stdout(
      update
        ? `${count('updated')} expectations recorded${failed ? `, ${failed} failed` : ''}\n`
        : `${count('passed')} passed, ${failed} failed\n`,
    );
    return failed ? 1 : 0;
  },
};

/** One test's line; a mismatch adds its reason and diff, indented under it. */
function line(outcome: TestOutcome, cwd: string): string {
  const name = `${outcome.test.fn.name} › ${outcome.test.eventName}`;
  const where = relative(cwd, outcome.test.expectedPath);
  switch (outcome.status) {
    case 'passed':
      return `✓ ${name} (${outcome.durationMs} ms)\n`;
    case 'updated':
      return `↻ ${name}: recorded in ${where}\n`;
    case 'error':
    case 'new':
      return `✗ ${name}: ${outcome.message}\n`;
    case 'failed': {
      const diff = (outcome.comparison?.diff ?? '')
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');
      return `✗ ${name}: ${outcome.message} (${where})\n${diff}\n`;
    }
  }
}
