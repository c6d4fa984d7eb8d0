import { basename, dirname, extname } from 'node:path';
import type { Diagnostic, FunctionSpec } from '../model';
import { locateJsonError } from '../events/parseEventJson';
import { bareHandler } from './bareHandlers';
import { languageOf } from './handlerDefinitions';
import { parseSource } from './parsedSource';
import type { ResolutionOptions } from './resolution';
import { functionsFromServerless } from './serverlessFunctions';
import {
  declaresFunctions,
  functionsFromTemplate,
  LAMBDA_FUNCTION,
  NESTED_STACK_TYPES,
  SAM_FUNCTION,
} from './templateFunctions';

/**
 * What discovery makes of a file, by name alone:
 * - `serverless`: `serverless.yml` / `serverless.yaml`;
 * - `cdk`: `*.template.json` directly inside a `cdk.out` folder;
 * - `template`: `template.yaml|yml|json` (always parsed, so its syntax errors are reported), and any other
 *   `*.yaml`, `*.yml` or `*.template.json` whose text names `AWS::Serverless::Function` or `AWS::Lambda::Function`
 *   and whose top level has `Resources` declaring one;
 * - `source`: a JavaScript, TypeScript, Python or Go file that may be a bare handler.
 */
export type FileKind = 'serverless' | 'cdk' | 'template' | 'template-candidate' | 'source';

export function classifyFile(path: string): FileKind | undefined {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (/^serverless\.ya?ml$/.test(lower)) return 'serverless';
  if (lower.endsWith('.template.json') && basename(dirname(path)) === 'cdk.out') return 'cdk';
  if (/^template\.(ya?ml|json)$/.test(lower)) return 'template';
  if (/\.ya?ml$/.test(lower) || lower.endsWith('.template.json')) return 'template-candidate';
  return languageOf(path) ? 'source' : undefined;
}

export interface FileDiscovery {
  functions: FunctionSpec[];
  diagnostics: Diagnostic[];
}

const NOTHING: FileDiscovery = { functions: [], diagnostics: [] };

function parse(path: string, text: string): ReturnType<typeof parseSource> {
  if (extname(path).toLowerCase() === '.json') {
    try {
      JSON.parse(text);
    } catch (error) {
      const at = locateJsonError(text, (error as Error).message);
      const diagnostic: Diagnostic = {
        file: path,
        line: at.line,
        column: at.column,
        severity: 'error',
        message: `JSON syntax error: ${at.message}`,
      };
      return { diagnostics: [diagnostic] };
    }
  }
  return parseSource(path, text);
}

/**
 * Discovers the functions one file declares (a template, serverless.yml, CDK output) or is (a bare handler).
 * Pure apart from reading the handler sources a template points at, so an editor can re-run it on each save.
 * Whatever goes wrong inside
 * (a hostile file that exhausts the stack, a bug) is an error diagnostic on this file, never an exception, so one
 * file can never end the discovery of the others.
 */
export interface DiscoverFileOptions {
  /** The workspace folder: bare handlers are named relative to it (default: the file's folder). */
  root?: string;
  /** Parameter overrides, region, account and Serverless options templates are resolved with. */
  resolution?: ResolutionOptions;
}

export function discoverFile(path: string, text: string, options: DiscoverFileOptions = {}): FileDiscovery {
  try {
    return discoverOne(path, text, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /call stack/i.test(message) ? 'it nests too deeply to be read (the call stack ran out)' : message;
    return {
      functions: [],
      diagnostics: [
        {
          file: path,
          line: 0,
          column: 0,
          severity: 'error',
          message: `This file could not be read for functions: ${reason}`,
        },
      ],
    };
  }
}

function discoverOne(path: string, text: string, options: DiscoverFileOptions): FileDiscovery {
  const kind = classifyFile(path);
  if (!kind) return NOTHING;
  if (kind === 'source') {
    const fn = bareHandler(path, text, options.root ?? dirname(path));
    return fn ? { functions: [fn], diagnostics: [] } : NOTHING;
  }
  if (
    kind === 'template-candidate' &&
    ![SAM_FUNCTION, LAMBDA_FUNCTION, ...NESTED_STACK_TYPES].some((type) => text.includes(type))
  )
    return NOTHING;
  const { source, diagnostics } = parse(path, text);
  if (!source) return { functions: [], diagnostics };
  const found =
    kind === 'serverless'
      ? functionsFromServerless(source, { resolution: options.resolution })
      : declaresFunctions(source.value)
        ? functionsFromTemplate(source, { cdk: kind === 'cdk', root: options.root, resolution: options.resolution })
        : NOTHING;
  return { functions: found.functions, diagnostics: [...diagnostics, ...found.diagnostics] };
}
