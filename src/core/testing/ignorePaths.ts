/** One step of an ignore path: a property name, an array index, or `*` (every element or property). */
type Step = string | number | { any: true };

/**
 * Parses an ignore path: a JSON pointer (`/headers/x-request-id`, with `~1` for `/` and `~0` for `~`) or a
 * `$.a.b[*].c`-style path (`$.a['odd key'][0]`). Throws a message naming the path when it cannot be read.
 */
export function parseIgnorePath(path: string): Step[] {
  if (path === '' || path === '$')
    throw new Error(`ignore path "${path}" would ignore the whole result; name a part of it`);
  if (path.startsWith('/'))
    return path
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (!path.startsWith('$'))
    throw new Error(`ignore path "${path}" must be a JSON pointer (/a/b) or start with $ ($.a.b[*].c)`);
  const steps: Step[] = [];
  const pattern = /\.([A-Za-z_$][\w$-]*)|\.\*|\[(\d+)\]|\[\*\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const at = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match) throw new Error(`ignore path "${path}" cannot be read at character ${at + 1} ("${path.slice(at)}")`);
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else if (match[3] !== undefined || match[4] !== undefined)
      steps.push((match[3] ?? match[4]).replace(/\\(.)/g, '$1'));
    else steps.push({ any: true });
  }
  return steps;
}

/** A copy of `value` without what the paths point at (paths that point at nothing change nothing). */
export function withoutPaths(value: unknown, paths: string[]): unknown {
  let result = structuredClone(value);
  for (const path of paths) result = remove(result, parseIgnorePath(path));
  return result;
}

function remove(value: unknown, steps: Step[]): unknown {
  if (!steps.length || value === null || typeof value !== 'object') return value;
  const [step, ...rest] = steps;
  const keys = typeof step === 'object' ? Object.keys(value) : [String(step)];
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const record = value as Record<string, unknown>;
    if (rest.length) record[key] = remove(record[key], rest);
    else if (Array.isArray(value)) value[Number(key)] = '<ignored>';
    else delete record[key];
  }
  return value;
}
