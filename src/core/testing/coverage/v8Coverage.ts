import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceMapOf } from '../../build/sourceMap';
import { emptyFileCoverage, type FileCoverage } from './fileCoverage';
import { countsAt, LineIndex, type CountRange } from './rangeCounts';

/** One function of a script in V8's precise coverage (`Profiler.takePreciseCoverage`, NODE_V8_COVERAGE files). */
interface V8Function {
  functionName: string;
  ranges: { startOffset: number; endOffset: number; count: number }[];
  isBlockCoverage: boolean;
}

interface V8Script {
  url: string;
  functions: V8Function[];
}

/**
 * Reads the files Node wrote into a NODE_V8_COVERAGE folder and turns them into line, branch and function counts
 * of the source files `include` accepts. A built bundle is mapped back to its sources through its `.map` file.
 * Each file is one take of coverage (the runtime client takes one after every invocation, and V8 resets its
 * counters each time), so counts add up over takes.
 */
export async function readV8Coverage(dir: string, include: (path: string) => boolean): Promise<FileCoverage[]> {
  const takes = new Map<string, V8Function[][]>();
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => /^coverage-.*\.json$/.test(name))
    .sort();
  for (const name of names) {
    let scripts: V8Script[];
    try {
      scripts = (JSON.parse(await readFile(join(dir, name), 'utf8')) as { result: V8Script[] }).result;
    } catch {
      // A take written by a process that was stopped while writing it: the others still count.
      continue;
    }
    for (const script of scripts) {
      const path = pathOf(script.url);
      if (!path || /[\\/]node_modules[\\/]/.test(path)) continue;
      if (!include(path) && !sourceMapOf(path)) continue;
      takes.set(path, [...(takes.get(path) ?? []), script.functions]);
    }
  }
  const files: FileCoverage[] = [];
  for (const [path, scriptTakes] of takes) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) files.push(...scriptCoverage(path, text, scriptTakes, include));
  }
  return files;
}

const sources = new Map<string, string[]>();

/** The name a function gets where it is written: `function name(`, `name = (...) =>`, `name: async (`, `name(`. */
function sourceNameAt(file: string, line: number, column: number): string | undefined {
  let lines = sources.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    sources.set(file, lines);
  }
  const text = lines[line] ?? '';
  const after = /^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(text.slice(column));
  if (after) return after[1];
  return (
    /([A-Za-z_$][\w$]*)\s*[=:]\s*(?:async\s*)?$/.exec(text.slice(0, column))?.[1] ??
    /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*\(/.exec(text.slice(column))?.[1]
  );
}

function pathOf(url: string): string | undefined {
  if (url.startsWith('file:')) return fileURLToPath(url);
  return url.startsWith('/') ? url : undefined;
}

/** The coverage of one script, summed over its takes; for a bundle, of each source it was built from. */
function scriptCoverage(
  path: string,
  text: string,
  takes: V8Function[][],
  include: (path: string) => boolean,
): FileCoverage[] {
  const index = new LineIndex(text);
  const functions = new Map<string, { name: string; start: number; end: number }>();
  const blocks = new Map<string, { start: number; end: number }>();
  for (const take of takes) {
    for (const fn of take) {
      const [whole, ...inner] = fn.ranges;
      functions.set(`${whole.startOffset}:${whole.endOffset}`, {
        name: fn.functionName,
        start: whole.startOffset,
        end: whole.endOffset,
      });
      for (const r of inner) blocks.set(`${r.startOffset}:${r.endOffset}`, { start: r.startOffset, end: r.endOffset });
    }
  }
  const map = sourceMapOf(path);
  const queries = map
    ? [...map.mappings()].map((m) => ({ offset: index.offsetOf(m.line, m.column), at: m.original }))
    : index.codeLines().map((l) => ({ offset: l.offset, at: { file: path, line: l.line, column: 0 } }));
  const blockList = [...blocks.values()];
  const functionList = [...functions.entries()];
  const lineCounts = new Array<number>(queries.length).fill(0);
  const blockCounts = new Array<number>(blockList.length).fill(0);
  const functionCounts = new Array<number>(functionList.length).fill(0);
  for (const take of takes) {
    const ranges: CountRange[] = take.flatMap((fn) =>
      fn.ranges.map((r) => ({ start: r.startOffset, end: r.endOffset, count: r.count })),
    );
    const listed = new Set(take.map((fn) => `${fn.ranges[0].startOffset}:${fn.ranges[0].endOffset}`));
    // A later take leaves out the functions that did not run since the one before: they ran 0 times in it.
    for (const [key, fn] of functions) if (!listed.has(key)) ranges.push({ start: fn.start, end: fn.end, count: 0 });
    countsAt(
      ranges,
      queries.map((q) => q.offset),
    ).forEach((count, i) => (lineCounts[i] += count));
    countsAt(
      ranges,
      blockList.map((b) => b.start),
    ).forEach((count, i) => (blockCounts[i] += count));
    const firstCounts = new Map(
      take.map((fn) => [`${fn.ranges[0].startOffset}:${fn.ranges[0].endOffset}`, fn.ranges[0].count]),
    );
    functionList.forEach(([key], i) => (functionCounts[i] += firstCounts.get(key) ?? 0));
  }
  const byFile = new Map<string, FileCoverage>();
  const fileFor = (file: string): FileCoverage | undefined => {
    if (!include(file) || /[\\/]node_modules[\\/]/.test(file)) return undefined;
    let coverage = byFile.get(file);
    if (!coverage) byFile.set(file, (coverage = emptyFileCoverage(file)));
    return coverage;
  };
  const original = (offset: number) => {
    const at = index.positionOf(offset);
    return map ? map.originalPosition(at.line, at.column) : { file: path, ...at };
  };
  queries.forEach((q, i) => {
    const file = fileFor(q.at.file);
    // Several pieces of code on one source line: the line ran as often as its most-run piece.
    if (file) file.lines.set(q.at.line + 1, Math.max(file.lines.get(q.at.line + 1) ?? 0, lineCounts[i]));
  });
  blockList.forEach((block, i) => {
    const at = original(block.start);
    const file = at && fileFor(at.file);
    if (file)
      file.branches.push({
        line: at.line + 1,
        column: at.column,
        count: blockCounts[i],
        label: `block at ${at.line + 1}:${at.column + 1}`,
      });
  });
  functionList.forEach(([, fn], i) => {
    const at = original(fn.start);
    const file = at && fileFor(at.file);
    // The script itself is listed as a nameless function spanning the whole file: it is not a function of the source.
    if (!file || (fn.start === 0 && fn.end >= text.length && !fn.name)) return;
    // A bundle's names are its minifier's: the source's own name is the one the user knows.
    const name = map ? sourceNameAt(at.file, at.line, at.column) : fn.name;
    file.functions.push({ name: name || '(anonymous)', line: at.line + 1, count: functionCounts[i] });
  });
  return [...byFile.values()];
}
