import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary code folder with the given files; `cleanup` removes it. */
export function codeFolder(files: Record<string, string>): {
  dir: string;
  write(path: string, text: string): void;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-code-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
