import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../assets';

/**
 * Where a runtime client that ships as source lives: src/clients/<name> in a checkout (always current), else the
 * copy the build puts in dist/clients/<name>.
 */
export function sourceClientPath(name: string, file: string): string {
  const root = packageRoot();
  const fromSource = join(root, 'src', 'clients', name, file);
  return existsSync(fromSource) ? fromSource : join(root, 'dist', 'clients', name, file);
}
