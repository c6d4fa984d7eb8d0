/**
 * Discovery figures on a generated workspace of 500 functions (5 SAM templates of 80 Node/Python functions,
 * a serverless.yml of 50, and 50 bare handlers), each with its own handler file:
 * - a full discoverWorkspace (median of several runs, plus the first, colder one);
 * - one discoverFile re-read of a template of 80 functions, as the editor does on save;
 * - one findHandlerDefinitions call on a handler file, as a code lens refresh does;
 * - findHandlerDefinitions on a generated 250 KB JavaScript module and on half of it: the time (goal ≤ 30 ms, with the
 *   CPU time next to it, since wall time on a shared machine includes waiting for a core) and the ratio of the two
 *   (2.0 when the search is linear in file size).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { discoverFile, discoverWorkspace, findHandlerDefinitions } from '../src/core/discovery';
import { largeHandlerFile } from './support/largeSource';

const TEMPLATES = 5;
const PER_TEMPLATE = 80;
const SERVERLESS_FUNCTIONS = 50;
const BARE = 50;
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function samTemplate(t: number): string {
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Parameters:', '  Stage: { Type: String, Default: dev }', 'Globals:', '  Function:', '    Runtime: nodejs20.x', '    Timeout: 10', '    Environment:', '      Variables:', '        STAGE: !Ref Stage', 'Resources:'];
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
      if (i % 4 === 0) writeFileSync(join(code, 'app.py'), 'import json\n\n\ndef lambda_handler(event, context):\n    return event\n');
      else writeFileSync(join(code, 'src', 'app.ts'), `import { helper } from './helper';\n\nexport const handler = async (event: unknown) => helper(event, ${i});\n`);
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
      if (result.diagnostics.length > 0) throw new Error(`unexpected diagnostics: ${JSON.stringify(result.diagnostics[0])}`);
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
    console.log(`discovery.handlerDefinitions.250KB: ${full.wall.toFixed(1)} ms (cpu ${full.cpu.toFixed(1)} ms; goal <= 30 ms, ratio ${(full.wall / 30).toFixed(2)})`);
    console.log(`discovery.handlerDefinitions.250KB/125KB: ${(full.cpu / half.cpu).toFixed(2)} (linear: 2.00; cpu ${half.cpu.toFixed(1)} -> ${full.cpu.toFixed(1)} ms)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
