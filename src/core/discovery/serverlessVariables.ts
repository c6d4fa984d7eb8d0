/**
 * The Serverless Framework's `${source:address, fallback}` variables, resolved as the framework resolves them
 * before deploying, as far as that is possible on this machine: `self:`, `sls:stage`, `opt:` (from the command
 * line), `env:` (from the environment given), `file(path)` and `file(path):key.path` (YAML or JSON files),
 * `aws:region`/`aws:accountId`, and fallbacks (`${x, 'default'}`). Remote sources (`ssm:`, `cf:`, `s3:`...) have
 * no local value: each is an UnresolvedVariable naming it, unless a fallback gives one.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve as resolvePath } from 'node:path';
import { parseSource } from './parsedSource';
import { DEFAULT_REGION, PLACEHOLDER_ACCOUNT_ID, type ResolutionOptions } from './resolution';

type Obj = Record<string, unknown>;

export class UnresolvedVariable extends Error {}

const INNERMOST = /\$\{([^${}]*)\}/;
/** How many variables may lead to one another (a cycle stops here), and how deeply plain values may nest. */
const MAX_DEPTH = 10;
const MAX_NESTING = 200;
const FILE_REFERENCE = /^file\((.+)\)(?::(.*))?$/;

function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let current = '';
  for (const c of expression) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current.trim());
  return parts;
}

/** Follows a dotted address (`a.b.c`) into plain data; undefined when any step is missing. */
function at(data: unknown, address: string): unknown {
  let node = data;
  for (const key of address.split('.').filter(Boolean)) {
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Obj)[key] : undefined;
  }
  return node;
}

export interface ServerlessContext {
  /** The folder of serverless.yml, which `file(...)` paths are relative to. */
  dir?: string;
  resolution?: ResolutionOptions;
}

export class ServerlessVariables {
  readonly region: string;
  readonly stage: string;
  readonly accountId: string;
  private readonly options: Record<string, string>;
  private readonly env: Record<string, string | undefined>;
  private readonly files = new Map<string, unknown>();

  constructor(
    private readonly root: Obj,
    private readonly context: ServerlessContext = {},
  ) {
    const resolution = context.resolution ?? {};
    this.options = { ...resolution.options };
    this.env = resolution.env ?? {};
    this.accountId = resolution.accountId ?? PLACEHOLDER_ACCOUNT_ID;
    const provider = (root.provider ?? {}) as Obj;
    // As in the framework: --stage, then provider.stage, then dev; --region, then provider.region, then us-east-1.
    this.stage = this.options.stage ?? this.softString(provider.stage) ?? 'dev';
    this.region = this.options.region ?? this.softString(provider.region) ?? DEFAULT_REGION;
  }

  private softString(value: unknown): string | undefined {
    try {
      const v = this.resolve(value);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    } catch {
      // A stage or region that needs an unresolvable variable falls back to the default; the variable is reported
      // where it is used.
      return undefined;
    }
  }

  /** Resolves every variable inside `value`; throws UnresolvedVariable naming the first that cannot be known. */
  resolve(value: unknown, depth = 0, nesting = 0): unknown {
    if (depth > MAX_DEPTH) throw new UnresolvedVariable('variables nest too deeply (a reference cycle?)');
    if (nesting > MAX_NESTING) throw new UnresolvedVariable(`the value nests more than ${MAX_NESTING} levels deep`);
    if (typeof value === 'string') return this.resolveString(value, depth);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, depth, nesting + 1));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, depth, nesting + 1)]));
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
    throw new UnresolvedVariable(`\${${expression}} ${this.whyMissing(reference)}`);
  }

  private whyMissing(reference: string): string {
    const source = reference.split(':')[0].trim();
    const address = reference.slice(reference.indexOf(':') + 1).trim();
    if (source === 'opt') return `has no value: pass --${address} on the command line, or give it a default`;
    if (source === 'env') return `has no value: ${address} is not set in the environment, and there is no default`;
    if (source === 'self') return `has no value: serverless.yml has nothing at ${address}`;
    const file = FILE_REFERENCE.exec(reference);
    if (file)
      return file[2] ? `has no value: ${file[1]} has nothing at ${file[2]}` : `has no value: ${file[1]} is empty`;
    return 'needs a value known only at deploy time';
  }

  private lookup(reference: string, depth: number): unknown {
    const file = FILE_REFERENCE.exec(reference);
    if (file) return this.fromFile(file[1].trim(), file[2]?.trim(), depth);
    const colon = reference.indexOf(':');
    const source = colon < 0 ? reference : reference.slice(0, colon);
    const address = colon < 0 ? '' : reference.slice(colon + 1).trim();
    switch (source) {
      case 'self': {
        const node = at(this.root, address);
        return node === undefined ? undefined : this.resolve(node, depth + 1);
      }
      case 'sls':
        return address === 'stage' ? this.stage : undefined;
      case 'opt':
        return address === 'stage' ? this.stage : address === 'region' ? this.region : this.options[address];
      case 'env':
        return Object.hasOwn(this.env, address) ? this.env[address] : undefined;
      case 'aws':
        return address === 'region' ? this.region : address === 'accountId' ? this.accountId : undefined;
      default:
        // The remote sources have no local value; their fallback decides.
        return undefined;
    }
  }

  /** `${file(./config.yml):a.b}`: a YAML or JSON file next to serverless.yml, or a value inside it. */
  private fromFile(path: string, address: string | undefined, depth: number): unknown {
    const unquoted = path.replace(/^(['"])(.*)\1$/, '$2');
    const full = resolvePath(this.context.dir ?? '.', String(this.resolve(unquoted, depth + 1)));
    if (!this.files.has(full)) this.files.set(full, this.readData(full, unquoted));
    const data = this.files.get(full);
    const node = address ? at(data, address) : data;
    return node === undefined ? undefined : this.resolve(node, depth + 1);
  }

  private readData(full: string, shown: string): unknown {
    const ext = extname(full).toLowerCase();
    if (ext !== '.yml' && ext !== '.yaml' && ext !== '.json') {
      throw new UnresolvedVariable(
        `\${file(${shown})} is a ${ext || 'extensionless'} file: only YAML and JSON files are read locally`,
      );
    }
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UnresolvedVariable(
        `\${file(${shown})} cannot be read: ${code === 'ENOENT' ? `no such file ${full}` : (error as Error).message}`,
      );
    }
    const parsed = parseSource(full, text);
    if (!parsed.source)
      throw new UnresolvedVariable(
        `\${file(${shown})} is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${parsed.diagnostics[0]?.message ?? ''}`,
      );
    return parsed.source.value;
  }
}
