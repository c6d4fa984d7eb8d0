// Fails when anything under src/core or src/clients imports 'vscode': the core must run without an editor.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const offenders = [];
function scan(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scan(path);
    else if (/\.[cm]?[jt]s$/.test(entry.name)) {
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(line)) {
            offenders.push(`${path}:${i + 1}: ${line.trim()}`);
          }
        });
    }
  }
}
for (const dir of ['src/core', 'src/clients', 'src/cli']) scan(dir);
if (offenders.length) {
  console.error(`'vscode' must not be imported outside the editor adapter:\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log('core is free of vscode imports');
