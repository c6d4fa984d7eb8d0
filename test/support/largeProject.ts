import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a TypeScript handler whose bundle is about `megabytes` MB: many modules of small functions (the shape of a
 * bundled SDK), all reachable from the handler so none is shaken out. The handler throws from a known line
 * of `src/app.ts` when the event asks it to. Returns the line (1-based) of that throw.
 */
export function writeLargeProject(dir: string, megabytes: number): { throwLine: number } {
  mkdirSync(join(dir, 'src', 'generated'), { recursive: true });
  const perModule = 400;
  // About 0.5 KB of bundle per generated function.
  const modules = Math.max(1, Math.round((megabytes * 1024 * 2) / perModule));
  const imports: string[] = [];
  for (let m = 0; m < modules; m++) {
    const lines: string[] = [];
    for (let c = 0; c < perModule; c++) {
      // Functions that are declared but mostly not called: like most of a bundled SDK, V8 compiles them lazily.
      lines.push(
        `export function command${m}x${c}(input: { id: string; count: number }): string {`,
        `  const problems: string[] = [];`,
        `  if (!input.id) problems.push('command${m}x${c}: the id is required, and it must name an existing record');`,
        `  if (input.count < ${c}) problems.push(\`command${m}x${c}: count \${input.count} is under ${c}, which the service refuses\`);`,
        `  if (problems.length > 0) throw new Error(problems.join('; '));`,
        `  return JSON.stringify({ command: 'command${m}x${c}', id: input.id, count: input.count * ${c + 1}, module: ${m} });`,
        `}`,
      );
    }
    lines.push(
      `export const commands${m} = [${Array.from({ length: perModule }, (_, c) => `command${m}x${c}`).join(', ')}];`,
    );
    writeFileSync(join(dir, 'src', 'generated', `module${m}.ts`), lines.join('\n') + '\n');
    imports.push(`import { commands${m} } from './generated/module${m}';`);
  }
  const app = [
    ...imports,
    `const all = [${Array.from({ length: modules }, (_, m) => `...commands${m}`).join(', ')}];`,
    '',
    'export const handler = async (event: { fail?: boolean; pick?: number }) => {',
    '  if (event.fail) {',
    "    throw new Error('asked to fail');",
    '  }',
    '  const command = all[(event.pick ?? 0) % all.length];',
    "  return { commands: all.length, sample: command({ id: 'a', count: 1 }) };",
    '};',
    '',
  ];
  writeFileSync(join(dir, 'src', 'app.ts'), app.join('\n'));
  return { throwLine: imports.length + 5 };
}
