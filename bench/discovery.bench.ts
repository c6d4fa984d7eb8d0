/**
 * Discovery figures on a generated workspace of 500 functions (5 SAM templates of 80 Node/Python functions,
 * a serverless.yml of 50, and 50 bare handlers), each with its own handler file:
 * - a full discoverWorkspace (median of several runs, plus the first, colder one);
 * - one discoverFile re-read of a template of 80 functions, as the editor does on save;
 * - one findHandlerDefinitions call on a handler file, as a code lens refresh does;
 * - findHandlerDefinitions on a generated 250 KB JavaScript module and on half of it: the time (goal ≤ 30 ms, with the
 *   CPU time next to it, since wall time on a shared machine includes waiting for a core) and the ratio of the two
 *   (2.0 when the search is linear in file size);
 * - the longest the event loop waited while a 20,000-file workspace was searched (goal ≤ 50 ms: the editor runs
 *   discovery from its extension host), on a worker thread as the editor does, and on the calling thread as the CLI
 *   does (in slices of 15 ms, but one large template is parsed in one go).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  discoverFile,
  discoverWorkspace,
  discoverWorkspaceInWorker,
  findHandlerDefinitions,
} from '../src/core/discovery';
import { largeHandlerFile } from './support/largeSource';

const TEMPLATES = 5;
const PER_TEMPLATE = 80;
const SERVERLESS_FUNCTIONS = 50;
const BARE = 50;
const RUNS = 7;
const LARGE_WORKSPACE_FILES = 20_000;
const BLOCKING_GOAL_MS = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function samTemplate(t: number): string {
  const lines = [
    'Transform: AWS::Serverless-2016-10-31',
    'Parameters:',
    '  Stage: { Type: String, Default: dev }',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    Timeout: 10',
    '    Environment:',
    '      Variables:',
    '        STAGE: !Ref Stage',
    'Resources:',
  ];
  for (let i = 0; i < PER_TEMPLATE; i++) {
    const python = i % 4 === 0;
    lines.push(
      `  Fn${t}x${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: fn${i}/`,
      `      Handler: ${python ? 'app.lambda_handler' : 'src/app.handler'}`,
      ...(python ? ['      Runtime: python3.12'] : []),
      '      Environment:',
      '        Variables:',
      `          NAME: !Sub '\${Stage}-fn-${i}'`,
      '      Events:',
      '        Api:',
      '          Type: Api',
      `          Properties: { Path: /fn${i}, Method: get }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function generate(root: string): string {
  for (let t = 0; t < TEMPLATES; t++) {
    const dir = join(root, `service${t}`);
    for (let i = 0; i < PER_TEMPLATE; i++) {
      const code = join(dir, `fn${i}`);
      mkdirSync(join(code, 'src'), { recursive: true });
      if (i % 4 === 0)
        writeFileSync(join(code, 'app.py'), 'import json\n\n\ndef lambda_handler(event, context):\n    return event\n');
      else
        writeFileSync(
          join(code, 'src', 'app.ts'),
          `import { helper } from './helper';\n\nexport const handler = async (event: unknown) => helper(event, ${i});\n`,
        );
    }
    writeFileSync(join(dir, 'template.yaml'), samTemplate(t));
  }
  const sls = join(root, 'sls');
  mkdirSync(join(sls, 'handlers'), { recursive: true });
  const fns = ['service: bench', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:'];
  for (let i = 0; i < SERVERLESS_FUNCTIONS; i++) {
    writeFileSync(join(sls, 'handlers', `h${i}.js`), `exports.main = async () => ${i};\n`);
    fns.push(`  f${i}:`, `    handler: handlers/h${i}.main`, '    events:', `      - httpApi: 'GET /f${i}'`);
  }
  writeFileSync(join(sls, 'serverless.yml'), `${fns.join('\n')}\n`);
  for (let i = 0; i < BARE; i++) {
    const dir = join(root, 'bare', `b${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.mjs'), `export const handler = async () => ${i};\n`);
  }
  return join(root, 'service0', 'template.yaml');
}

/** Median wall and CPU milliseconds of findHandlerDefinitions over a generated module of about `length` characters. */
function largeFileTimes(length: number): { wall: number; cpu: number } {
  const text = largeHandlerFile(length);
  for (let run = 0; run < 5; run++) findHandlerDefinitions('large.js', text);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 21; run++) {
    const usage = process.cpuUsage();
    const start = performance.now();
    findHandlerDefinitions('large.js', text);
    wall.push(performance.now() - start);
    const spent = process.cpuUsage(usage);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/**
 * A workspace of LARGE_WORKSPACE_FILES files discovery reads, shaped like a monorepo's: mostly small modules, some
 * with handlers, 40 large hand-written modules of 200 KB, 10 bundles of 600 KB, and the SAM templates above.
 */
function generateLarge(root: string): void {
  const medium = largeHandlerFile(200 * 1024);
  const bundle = largeHandlerFile(600 * 1024);
  const small = (i: number) =>
    `const util = require('../util');\n\nfunction helper${i}(x) {\n  return util.map(x, (y) => y * ${i});\n}\n\n${i % 10 === 0 ? `exports.handler = async (event) => helper${i}(event);\n` : `module.exports = { helper${i} };\n`}`;
  let written = 0;
  for (let t = 0; t < TEMPLATES; t++, written++) {
    mkdirSync(join(root, `service${t}`), { recursive: true });
    writeFileSync(join(root, `service${t}`, 'template.yaml'), samTemplate(t));
  }
  for (let i = 0; written < LARGE_WORKSPACE_FILES; i++, written++) {
    const dir = join(root, 'packages', `p${Math.floor(i / 100)}`, 'src');
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const text = i % 400 === 7 ? medium : i % 2000 === 13 ? bundle : small(i);
    writeFileSync(join(dir, `m${i}.${i % 3 === 0 ? 'ts' : 'js'}`), text);
  }
}

/** The longest event-loop delay (ms) seen while `discover` runs over `root`, and how long it took. */
async function blockingDuring(
  root: string,
  discover: typeof discoverWorkspace,
): Promise<{ maxDelayMs: number; wallMs: number; functions: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const start = performance.now();
  const result = await discover(root);
  const wallMs = performance.now() - start;
  histogram.disable();
  return { maxDelayMs: histogram.max / 1e6, wallMs, functions: result.functions.length };
}

async function largeWorkspaceFigures(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lwb-discovery-large-'));
  try {
    generateLarge(root);
    const ways = [
      { name: 'on a worker thread (the editor)', discover: (dir: string) => discoverWorkspaceInWorker(dir) },
      { name: 'on the calling thread (the CLI)', discover: (dir: string) => discoverWorkspace(dir) },
    ];
    for (const way of ways) {
      const runs = [];
      for (let run = 0; run < 3; run++) runs.push(await blockingDuring(root, way.discover));
      const worst = Math.max(...runs.map((r) => r.maxDelayMs));
      console.log(
        `discovery.workspace.20k ${way.name}: ${median(runs.map((r) => r.wallMs)).toFixed(0)} ms for ${LARGE_WORKSPACE_FILES} files (${runs[0].functions} functions); longest event-loop block ${worst.toFixed(1)} ms (goal <= ${BLOCKING_GOAL_MS} ms, ratio ${(worst / BLOCKING_GOAL_MS).toFixed(2)}; worst of ${runs.length} runs)`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lwb-discovery-bench-'));
  try {
    const template = generate(root);
    const times: number[] = [];
    let found = 0;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const result = await discoverWorkspace(root);
      times.push(performance.now() - start);
      found = result.functions.length;
      if (result.diagnostics.length > 0)
        throw new Error(`unexpected diagnostics: ${JSON.stringify(result.diagnostics[0])}`);
    }
    const text = readFileSync(template, 'utf8');
    const rereads: number[] = [];
    for (let run = 0; run < 21; run++) {
      const start = performance.now();
      discoverFile(template, text, { root });
      rereads.push(performance.now() - start);
    }
    const source = join(root, 'service0', 'fn1', 'src', 'app.ts');
    const sourceText = readFileSync(source, 'utf8');
    const lens: number[] = [];
    for (let run = 0; run < 201; run++) {
      const start = performance.now();
      findHandlerDefinitions(source, sourceText);
      lens.push(performance.now() - start);
    }
    console.log(`discovery.functions: ${found} functions`);
    console.log(`discovery.workspace.first: ${times[0].toFixed(1)} ms`);
    console.log(`discovery.workspace.median: ${median(times).toFixed(1)} ms`);
    console.log(`discovery.file.reread (${PER_TEMPLATE} functions): ${median(rereads).toFixed(2)} ms`);
    console.log(`discovery.handlerDefinitions: ${(median(lens) * 1000).toFixed(0)} us`);
    const half = largeFileTimes(125 * 1024);
    const full = largeFileTimes(250 * 1024);
    console.log(
      `discovery.handlerDefinitions.250KB: ${full.wall.toFixed(1)} ms (cpu ${full.cpu.toFixed(1)} ms; goal <= 30 ms, ratio ${(full.wall / 30).toFixed(2)})`,
    );
    console.log(
      `discovery.handlerDefinitions.250KB/125KB: ${(full.cpu / half.cpu).toFixed(2)} (linear: 2.00; cpu ${half.cpu.toFixed(1)} -> ${full.cpu.toFixed(1)} ms)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  await largeWorkspaceFigures();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
