import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { distPath, packageRoot } from '../../../src/core/assets';

const CLI = distPath('cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd = packageRoot()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A small SAM project of its own: one Node.js function with two saved events and their expected results. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-test-cli-'));
  writeFileSync(
    join(dir, 'template.yaml'),
    `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
`,
  );
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'src', 'index.js'),
    `exports.handler = async (event, context) => {
  if (!event.name) throw new RangeError('name is required');
  return { greeting: 'Hello, ' + event.name, tags: [{ id: context.awsRequestId, kind: 'request' }] };
};
`,
  );
  const events = join(dir, 'events', 'Greeter');
  mkdirSync(events, { recursive: true });
  writeFileSync(join(events, 'ada.json'), '{ "name": "Ada" }\n');
  writeFileSync(
    join(events, 'ada.expected.json'),
    JSON.stringify(
      { ignore: ['$.tags[*].id'], response: { greeting: 'Hello, Ada', tags: [{ kind: 'request' }] } },
      null,
      2,
    ),
  );
  writeFileSync(join(events, 'nameless.json'), '{}\n');
  writeFileSync(
    join(events, 'nameless.expected.json'),
    JSON.stringify({ error: { errorType: 'RangeError', errorMessage: 'name is required' } }, null, 2),
  );
  return dir;
}

describe('lambda-workbench test', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test("the examples' event/expectation pairs pass on a clean checkout", async () => {
    const run = await cli(['test', '--template', 'examples/template.yaml']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^✓ CallbackFunction › three-items \(\d+ ms\)$/m);
    assert.match(run.stdout, /^✓ CallbackFunction › not-numbers \(\d+ ms\)$/m);
    assert.match(run.stdout, /^✓ EsmFunction › scheduled \(\d+ ms\)$/m);
    assert.match(run.stdout, /^✓ TypeScriptFunction › empty-order \(\d+ ms\)$/m);
    assert.match(run.stdout, /\n4 passed, 0 failed\n$/);
  });

  test('a changed handler output exits 1 with a readable diff; --update records it and the tests pass again; JUnit XML is well-formed', async () => {
    const dir = project();
    dirs.push(dir);
    const first = await cli(['test', '--template', 'template.yaml'], dir);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /2 passed, 0 failed\n$/);

    const handler = join(dir, 'src', 'index.js');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("'Hello, '", "'Hi, '"));
    const junit = join(dir, 'report.xml');
    const broken = await cli(['test', '--template', 'template.yaml', '--junit', 'report.xml'], dir);
    assert.equal(broken.code, 1, broken.stdout + broken.stderr);
    assert.match(
      broken.stdout,
      /^✗ Greeter › ada: the response differs from the expected one \(events\/Greeter\/ada\.expected\.json\)$/m,
    );
    assert.match(broken.stdout, /^ {4}- {2}"greeting": "Hello, Ada",$/m);
    assert.match(broken.stdout, /^ {4}\+ {2}"greeting": "Hi, Ada",$/m);
    assert.match(broken.stdout, /^✓ Greeter › nameless/m);
    assert.match(broken.stdout, /\n1 passed, 1 failed\n$/);
    const summary = execFileSync(
      'python3',
      [
        '-c',
        `
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall('./testsuite/testcase')
print(root.tag, root.get('tests'), root.get('failures'), ' '.join(sorted(c.get('classname') + '/' + c.get('name') + ':' + ('failed' if c.find('failure') is not None else 'ok') for c in cases)))
print('+  "greeting": "Hi, Ada",' in root.find('./testsuite/testcase/failure').text)
`,
        junit,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(summary, 'testsuites 2 1 Greeter/ada:failed Greeter/nameless:ok\nTrue\n');

    const updated = await cli(['test', '--template', 'template.yaml', '--update'], dir);
    assert.equal(updated.code, 0, updated.stdout + updated.stderr);
    assert.match(updated.stdout, /2 expectations recorded\n$/);
    const recorded = JSON.parse(readFileSync(join(dir, 'events', 'Greeter', 'ada.expected.json'), 'utf8'));
    assert.deepEqual(recorded.ignore, ['$.tags[*].id'], 'the ignore paths are kept');
    assert.equal(recorded.response.greeting, 'Hi, Ada');
    const again = await cli(['test', '--template', 'template.yaml'], dir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /2 passed, 0 failed\n$/);
  });

  test("--coverage writes an lcov report of the handler's own lines, counted over the run", async () => {
    const dir = project();
    dirs.push(dir);
    const run = await cli(['test', '--template', 'template.yaml', '--coverage', 'coverage'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^coverage: 100\.0% of 4 lines in 1 files, written to coverage\/lcov\.info\n2 passed, 0 failed\n$/m,
    );
    const lcov = readFileSync(join(dir, 'coverage', 'lcov.info'), 'utf8');
    // The handler ran twice; the throw on line 2 once (the nameless event), line 3 once (ada). Line 1 runs once per
    // instance started (module load), and the two events may run on one instance or two.
    assert.match(
      lcov,
      new RegExp(
        [
          '^TN:',
          'SF:src/index\\.js',
          'FN:1,exports\\.handler',
          'FNDA:2,exports\\.handler',
          'FNF:1',
          'FNH:1',
          'BRDA:2,0,0,1',
          'BRDA:2,0,1,1',
          'BRF:2',
          'BRH:2',
          'DA:1,[12]',
          'DA:2,2',
          'DA:3,1',
          'DA:4,2',
          'LF:4',
          'LH:4',
          'end_of_record\\n$',
        ].join('\\n'),
      ),
    );
  });

  test("--coverage maps the TypeScript example's bundle back to ts-app/src/app.ts, leaving bundled zod out", async () => {
    const out = mkdtempSync(join(tmpdir(), 'lw-test-coverage-'));
    dirs.push(out);
    const run = await cli([
      'test',
      '--template',
      'examples/template.yaml',
      '--function',
      'TypeScriptFunction',
      '--coverage',
      out,
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lcov = readFileSync(join(out, 'lcov.info'), 'utf8');
    assert.deepEqual(
      lcov.split('\n').filter((l) => l.startsWith('SF:')),
      ['SF:ts-app/src/app.ts'],
    );
    const source = readFileSync(join(packageRoot(), 'examples', 'ts-app', 'src', 'app.ts'), 'utf8').split('\n');
    const at = (text: string) => source.findIndex((l) => l.includes(text)) + 1;
    assert.match(lcov, new RegExp(`^DA:${at("console.warn('rejected order'")},1$`, 'm'), 'the rejection ran once');
    assert.match(lcov, new RegExp(`^DA:${at('const units =')},0$`, 'm'), 'the accepted-order path never ran');
    assert.match(lcov, new RegExp(`^FN:${at('export const handler')},handler$`, 'm'));
    assert.match(lcov, /^FNDA:1,handler$/m);
  });

  test("--events-folder finds the tests where the editor's lambdaWorkbench.eventsFolder keeps them", async () => {
    const dir = project();
    dirs.push(dir);
    renameSync(join(dir, 'events'), join(dir, 'checks'));
    const missing = await cli(['test', '--template', 'template.yaml'], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no tests found: a test is a saved event events\/<Function>\/<name>\.json/);
    const run = await cli(['test', '--template', 'template.yaml', '--events-folder', 'checks'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /\n2 passed, 0 failed\n$/);
  });

  test('an unexpected function error fails, with its type and message; --function narrows the run', async () => {
    const dir = project();
    dirs.push(dir);
    writeFileSync(join(dir, 'events', 'Greeter', 'ada.json'), '{ "nom": "Ada" }\n');
    const run = await cli(['test', '--template', 'template.yaml', '--function', 'Greeter'], dir);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^✗ Greeter › ada: the function failed with RangeError: name is required, where a response was expected/m,
    );
    const none = await cli(['test', '--template', 'template.yaml', '--function', 'Nobody'], dir);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no function 'Nobody' here/);
  });
});
