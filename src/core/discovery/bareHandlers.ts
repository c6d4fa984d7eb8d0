import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { LAMBDA_DEFAULTS, type FunctionSpec } from '../model';
import { findHandlerDefinitions, goStartCalls, languageOf } from './handlerDefinitions';
import { maskGo } from './maskSource';
import { goLookup } from './resolveHandler';

/** Runtimes assumed for handlers no template mentions. */
export const BARE_RUNTIMES = { node: 'nodejs20.x', python: 'python3.12', go: 'provided.al2023' };

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$|(^|[\\/])(test_[^\\/]*|[^\\/]*_test)\.py$/;
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', '__mocks__', 'spec']);

/** True for files that hold tests rather than handlers. */
export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path) || path.split(/[\\/]/).some((segment) => TEST_FOLDERS.has(segment));
}

/** A readable, file-system-safe name for a path relative to the workspace root. */
export function nameFromPath(relativePath: string, fallback: string): string {
  const name = relativePath.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return name || fallback.replace(/[^A-Za-z0-9]+/g, '-') || 'handler';
}

function nearestWith(dir: string, root: string, markers: string[]): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (markers.some((m) => existsSync(join(current, m)))) return current;
    if (current === root || dirname(current) === current || relative(root, current).startsWith('..')) return undefined;
  }
}

const toPosix = (path: string) => path.split(sep).join('/');

function spec(
  file: string,
  root: string,
  fields: Pick<FunctionSpec, 'runtime' | 'handler' | 'codeDir' | 'handlerLine'>,
  nameSource: string,
): FunctionSpec {
  return {
    id: file,
    name: nameFromPath(nameSource, basename(root)),
    source: 'handler',
    handlerFile: file,
    memorySize: LAMBDA_DEFAULTS.memorySize,
    timeout: LAMBDA_DEFAULTS.timeout,
    environment: {},
    architectures: [LAMBDA_DEFAULTS.architecture],
    layers: [],
    logFormat: LAMBDA_DEFAULTS.logFormat,
    events: [],
    ...fields,
  };
}

/**
 * The function a source file defines on its own, when no template mentions it: a Node file exporting `handler`,
 * a Python file with `def lambda_handler(event, context)`, a Go main package calling `lambda.Start`.
 * Test files never count. `root` is the workspace folder that names are made relative to.
 */
export function bareHandler(file: string, text: string, root: string): FunctionSpec | undefined {
  const language = languageOf(file);
  if (!language || isTestFile(relative(root, file))) return undefined;
  const withoutExt = relative(root, file).slice(0, -extname(file).length);
  if (language === 'go') {
    const masked = maskGo(text);
    if (!/^package\s+main\b/m.test(masked) || goStartCalls(masked).length === 0) return undefined;
    const dir = dirname(file);
    const found = goLookup(dir);
    const fn = spec(
      file,
      root,
      { runtime: BARE_RUNTIMES.go, handler: 'bootstrap', codeDir: dir, handlerLine: found?.line ?? 0 },
      relative(root, dir),
    );
    fn.handlerFile = found?.file ?? file;
    return fn;
  }
  const wanted = language === 'python' ? 'lambda_handler' : 'handler';
  // A file that only re-exports a handler (`export { handler } from './sqs/sender'`) is not one: the module that
  // defines it is, and listing both would show one function twice.
  const definition = findHandlerDefinitions(file, text).find((d) => d.exportName === wanted && !d.reexport);
  if (!definition) return undefined;
  const markers = language === 'python' ? ['requirements.txt', 'pyproject.toml'] : ['package.json'];
  const codeDir = nearestWith(dirname(file), root, markers) ?? dirname(file);
  const modulePath = toPosix(relative(codeDir, file)).slice(0, -extname(file).length);
  return spec(
    file,
    root,
    {
      runtime: language === 'python' ? BARE_RUNTIMES.python : BARE_RUNTIMES.node,
      handler: `${modulePath}.${wanted}`,
      codeDir,
      handlerLine: definition.line,
    },
    withoutExt,
  );
}
