/**
 * The Serverless Framework's `${source:address, fallback}` variables, resolved as far as is possible without
 * deploying: `self:` references, `opt:`/`env:` with fallbacks, `sls:stage`, `aws:region`/`aws:accountId`.
 * Anything else (`ssm:`, `cf:`, `file(...)`, `s3:`...) stays unresolved.
 */

type Obj = Record<string, unknown>;

export class UnresolvedVariable extends Error {}

const INNERMOST = /\$\{([^${}]*)\}/;
const MAX_DEPTH = 10;

function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let current = '';
  for (const c of expression) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current.trim());
  return parts;
}

export class ServerlessVariables {
  readonly region: string;
  readonly stage: string;

  constructor(
    private readonly root: Obj,
    readonly accountId = '123456789012',
  ) {
    const provider = (root.provider ?? {}) as Obj;
    this.stage = this.softString(provider.stage) ?? 'dev';
    this.region = this.softString(provider.region) ?? 'us-east-1';
  }

  private softString(value: unknown): string | undefined {
    try {
      const v = this.resolve(value);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Resolves every variable inside `value`; throws UnresolvedVariable naming the first that cannot be known. */
  resolve(value: unknown, depth = 0): unknown {
    if (depth > MAX_DEPTH) throw new UnresolvedVariable('variables nest too deeply (a reference cycle?)');
    if (typeof value === 'string') return this.resolveString(value, depth);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, depth));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, depth)]));
    }
    return value;
  }

  private resolveString(text: string, depth: number): unknown {
    let current = text;
    for (let guard = 0; guard < 50; guard++) {
      const m = INNERMOST.exec(current);
      if (!m) return current;
      const value = this.expression(m[1], depth);
      if (m[0] === current) return value;
      if (value !== null && typeof value === 'object') {
        throw new UnresolvedVariable(`\${${m[1]}} is an object and cannot be part of a string`);
      }
      current = current.slice(0, m.index) + String(value) + current.slice(m.index + m[0].length);
    }
    throw new UnresolvedVariable(`too many variables in "${text}"`);
  }

  private expression(expression: string, depth: number): unknown {
    const [reference, ...fallbacks] = splitTopLevel(expression);
    const found = this.lookup(reference, depth);
    if (found !== undefined) return found;
    for (const fallback of fallbacks) {
      const literal = /^(['"])(.*)\1$/.exec(fallback);
      if (literal) return literal[2];
      if (/^-?\d+(\.\d+)?$/.test(fallback)) return Number(fallback);
      if (fallback === 'true' || fallback === 'false' || fallback === 'null') return JSON.parse(fallback);
      const value = this.lookup(fallback, depth);
      if (value !== undefined) return value;
    }
    throw new UnresolvedVariable(`\${${expression}} needs a value known only at deploy time`);
  }

  private lookup(reference: string, depth: number): unknown {
    const colon = reference.indexOf(':');
    const source = colon < 0 ? reference : reference.slice(0, colon);
    const address = colon < 0 ? '' : reference.slice(colon + 1).trim();
    switch (source) {
      case 'self': {
        let node: unknown = this.root;
        for (const key of address.split('.').filter(Boolean)) {
          node = node !== null && typeof node === 'object' ? (node as Obj)[key] : undefined;
        }
        return node === undefined ? undefined : this.resolve(node, depth + 1);
      }
      case 'sls':
        return address === 'stage' ? this.stage : undefined;
      case 'aws':
        return address === 'region' ? this.region : address === 'accountId' ? this.accountId : undefined;
      default:
        // opt:, env: and the remote sources have no local value; their fallback decides.
        return undefined;
    }
  }
}
