import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The `type` field of the package.json nearest above `dir` ('module' makes .js files ES modules). */
export function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type;
      } catch {
        // A broken package.json gives no type: CommonJS, as Node.js itself falls back.
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}
