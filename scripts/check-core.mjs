// Fails when anything under src/core, src/clients or src/cli imports 'vscode' (the core must run without an
// editor), or when the folders of src/core import each other in a cycle (each folder builds on lower ones only).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Every source file under `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [path] : [];
  });
}

function vscodeImports() {
  const offenders = [];
  for (const path of ['src/core', 'src/clients', 'src/cli'].flatMap(sourceFiles)) {
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(line)) {
          offenders.push(`${path}:${i + 1}: ${line.trim()}`);
        }
      });
  }
  return offenders;
}

const CORE = 'src/core';

/** The unit of layering a file belongs to: its top folder under src/core, or the file itself at the top. */
function unitOf(path) {
  const parts = relative(CORE, path).split(sep);
  return parts.length > 1 ? `${parts[0]}/` : parts[0].replace(/\.[cm]?[jt]s$/, '');
}

/** unit -> unit it imports -> the first import that does it (`file -> specifier`). */
function folderGraph() {
  const graph = new Map();
  for (const file of sourceFiles(CORE)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g)) {
      const target = relative(CORE, resolve(dirname(file), match[1]));
      if (target.startsWith('..')) continue;
      const from = unitOf(file);
      const to = unitOf(join(CORE, target));
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from).has(to)) graph.get(from).set(to, `${file} -> ${match[1]}`);
    }
  }
  return graph;
}

/** One cycle through `start` within `graph`, as a list of units ending where it began, or undefined. */
function cycleThrough(graph, start) {
  const before = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const unit = queue.shift();
    for (const next of graph.get(unit)?.keys() ?? []) {
      if (next === start) {
        const path = [unit];
        while (before.get(path[0]) !== undefined) path.unshift(before.get(path[0]));
        return [...path, start];
      }
      if (!before.has(next)) {
        before.set(next, unit);
        queue.push(next);
      }
    }
  }
  return undefined;
}

function folderCycles() {
  const graph = folderGraph();
  const seen = new Set();
  const cycles = [];
  for (const unit of [...graph.keys()].sort()) {
    if (seen.has(unit)) continue;
    const cycle = cycleThrough(graph, unit);
    if (!cycle) continue;
    cycle.forEach((u) => seen.add(u));
    const steps = cycle.slice(0, -1).map((u, i) => `    ${graph.get(u).get(cycle[i + 1])}`);
    cycles.push(`  ${cycle.join(' -> ')}\n${steps.join('\n')}`);
  }
  return cycles;
}

let failed = false;
const offenders = vscodeImports();
if (offenders.length) {
  console.error(`'vscode' must not be imported outside the editor adapter:\n${offenders.join('\n')}`);
  failed = true;
} else console.log('core is free of vscode imports');
const cycles = folderCycles();
if (cycles.length) {
  console.error(`src/core's folders must not import each other in a cycle:\n${cycles.join('\n')}`);
  failed = true;
} else console.log("src/core's folders import each other without cycles");
if (failed) process.exit(1);
