import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { CoverageRun, lcovReport, runEventTests, type EventTest } from '../../../src/core/testing';
import { testFunction } from '../../support/functions';

/** A project folder with one handler file and one event per payload, each expecting what the handler returns. */
function project(
  file: string,
  source: string,
  payloads: unknown[],
): { dir: string; tests: (fn: ReturnType<typeof testFunction>) => EventTest[] } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-coverage-'));
  writeFileSync(join(dir, file), source);
  mkdirSync(join(dir, 'events'));
  const tests = (fn: ReturnType<typeof testFunction>) =>
    payloads.map((payload, i) => {
      const eventPath = join(dir, 'events', `e${i}.json`);
      writeFileSync(eventPath, JSON.stringify(payload));
      writeFileSync(join(dir, 'events', `e${i}.expected.json`), JSON.stringify({ response: 'any' }));
      return { fn, eventName: `e${i}`, eventPath, expectedPath: join(dir, 'events', `e${i}.expected.json`) };
    });
  return { dir, tests };
}

/** The DA lines of an lcov report: `line:count`. */
function lines(lcov: string): string[] {
  return lcov
    .split('\n')
    .filter((l) => l.startsWith('DA:'))
    .map((l) => l.slice(3).replace(',', ':'));
}

describe('coverage of test runs', () => {
  const runtime = new LocalRuntime({ watchCode: false });
  const dirs: string[] = [];
  after(async () => {
    await runtime.dispose();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  test('a Node.js handler: V8 counts per line over several invocations, the branch not taken, functions called', async () => {
    const source = [
      '// Says whether a number is big.', // 1
      'exports.handler = async (event) => {', // 2
      '  if (event.n > 10) {', // 3
      "    return 'big';", // 4
      '  }', // 5
      '', // 6
      "  return 'small';", // 7
      '};', // 8
      'function unused() {', // 9
      '  return 0;', // 10
      '}', // 11
      '',
    ].join('\n');
    const { dir, tests } = project('index.js', source, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    dirs.push(dir);
    const fn = testFunction(dir, 'index.handler');
    const coverage = await CoverageRun.start();
    const outcomes = await runEventTests(tests(fn), coverage.invoker(runtime));
    assert.deepEqual(
      outcomes.map((o) => o.comparison?.actualText),
      ['"small"', '"small"', '"small"'],
    );
    runtime.recycle(fn.id);
    const report = await coverage.collect();
    assert.deepEqual(report.notes, []);
    assert.deepEqual(
      report.files.map((f) => f.path),
      [join(dir, 'index.js')],
    );
    const lcov = lcovReport(report.files, dir);
    assert.match(lcov, /^SF:index\.js$/m);
    // Line 2 runs once per instance (module load); the body ran 3 times; `return 'big'` never; `unused` never.
    const counts = new Map(lines(lcov).map((l) => l.split(':').map(Number) as [number, number]));
    assert.deepEqual([...counts.keys()], [2, 3, 4, 5, 7, 8, 9, 10, 11]);
    assert.equal(counts.get(3), 3);
    assert.equal(counts.get(4), 0);
    assert.equal(counts.get(5), 0, 'the closing brace belongs to the block that never ran');
    assert.equal(counts.get(7), 3);
    assert.equal(counts.get(10), 0);
    assert.ok(counts.get(2)! >= 1);
    assert.match(lcov, /^FN:9,unused$/m);
    assert.match(lcov, /^FNDA:0,unused$/m);
    assert.match(lcov, /^FNDA:3,exports\.handler$/m);
    assert.match(lcov, /^BRDA:3,0,0,0$/m, 'the block of the if that was never taken');
    assert.match(lcov, /^LH:4$/m);
    assert.match(lcov, /\nend_of_record\n$/);
  });

  test('a Python handler measured by coverage.py: executed and missing lines and branches', async () => {
    const source = [
      'def lambda_handler(event, context):', // 1
      '    if event.get("n", 0) > 10:', // 2
      '        return "big"', // 3
      '    return "small"', // 4
      '',
    ].join('\n');
    const { dir, tests } = project('app.py', source, [{ n: 1 }, { n: 20 }]);
    dirs.push(dir);
    const fn = testFunction(dir, 'app.lambda_handler', { runtime: 'python3.12' });
    const coverage = await CoverageRun.start();
    const outcomes = await runEventTests(tests(fn), coverage.invoker(runtime));
    assert.deepEqual(outcomes.map((o) => o.comparison?.actualText).sort(), ['"big"', '"small"']);
    runtime.recycle(fn.id);
    const report = await coverage.collect();
    assert.deepEqual(report.notes, []);
    const lcov = lcovReport(report.files, dir);
    assert.match(lcov, /^SF:app\.py$/m);
    assert.deepEqual(
      lines(lcov).map((l) => `${l.split(':')[0]}:${l.split(':')[1] === '0' ? 'missed' : 'ran'}`),
      ['1:ran', '2:ran', '3:ran', '4:ran'],
    );
    assert.match(lcov, /^BRDA:2,0,0,1\nBRDA:2,0,1,1$/m, 'both ways out of the if were taken');

    const single = await CoverageRun.start();
    await runEventTests(tests(fn).slice(0, 1), single.invoker(runtime));
    runtime.recycle(fn.id);
    const small = lcovReport((await single.collect()).files, dir);
    assert.deepEqual(lines(small), ['1:1', '2:1', '3:0', '4:1']);
    assert.match(small, /^BRH:1$/m);
  });

  test('a Python interpreter without coverage.py: the run says what to install, once, and the test still runs', async () => {
    const { dir, tests } = project('app.py', 'def lambda_handler(event, context):\n    return "ok"\n', [{}, {}]);
    dirs.push(dir);
    // The task root comes first on sys.path, as in Lambda: this module is what `import coverage` finds.
    writeFileSync(join(dir, 'coverage.py'), 'raise ImportError("No module named \'coverage\'")\n');
    const fn = testFunction(dir, 'app.lambda_handler', { runtime: 'python3.12' });
    const coverage = await CoverageRun.start();
    const outcomes = await runEventTests(tests(fn), coverage.invoker(runtime));
    assert.deepEqual(
      outcomes.map((o) => o.comparison?.actualText),
      ['"ok"', '"ok"'],
    );
    runtime.recycle(fn.id);
    const report = await coverage.collect();
    assert.deepEqual(report.files, []);
    assert.equal(report.notes.length, 1);
    assert.match(
      report.notes[0],
      /^Python coverage needs the coverage package, which \S*python\S* cannot import: install it with "\S+ -m pip install coverage"/,
    );
  });
});
