import { homedir } from 'node:os';
import { basename, dirname, relative, sep } from 'node:path';

/** The debug type this extension contributes (package.json `debuggers`). */
export const LAMBDA_DEBUG_TYPE = 'lambda';

/** A `lambda` launch configuration, as launch.json holds it (package.json `configurationAttributes.launch`). */
export interface LambdaLaunchConfig {
  type: typeof LAMBDA_DEBUG_TYPE;
  request: 'launch';
  name: string;
  /** Logical id, name or FunctionName of a discovered function (or its full id). */
  function?: string;
  /** Path of a handler file: the function whose handler it defines. */
  handler?: string;
  /** Narrows `function` to one template. */
  template?: string;
  /** The event itself, any JSON value. */
  event?: unknown;
  /** A JSON file holding the event. */
  eventFile?: string;
  /** Variables added on top of the template's, env.json's and the settings'. */
  environment?: Record<string, string>;
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  /** Map breakpoints and stack frames through source maps (TypeScript); true by default. */
  sourceMaps?: boolean;
}

const STRING_FIELDS = ['function', 'handler', 'template', 'eventFile', 'runtime'] as const;

/** Checks the fields of a launch configuration; throws one message naming every bad field. */
export function checkLaunchConfig(config: Record<string, unknown>): LambdaLaunchConfig {
  const problems: string[] = [];
  if (config.request !== 'launch')
    problems.push(
      `"request" must be "launch" (it is ${JSON.stringify(config.request)}): Lambda Workbench starts the function itself`,
    );
  for (const field of STRING_FIELDS) {
    if (config[field] !== undefined && (typeof config[field] !== 'string' || !(config[field] as string).trim()))
      problems.push(`"${field}" must be a non-empty string`);
  }
  if (config.function === undefined && config.handler === undefined)
    problems.push('give "function" (a logical id from a template) or "handler" (a handler file)');
  if (config.event !== undefined && config.eventFile !== undefined)
    problems.push('give "event" or "eventFile", not both');
  const env = config.environment;
  if (
    env !== undefined &&
    (typeof env !== 'object' ||
      env === null ||
      Array.isArray(env) ||
      Object.values(env).some((v) => typeof v !== 'string'))
  ) {
    problems.push('"environment" must be an object of string values');
  }
  if (
    config.memorySize !== undefined &&
    !(
      Number.isInteger(config.memorySize) &&
      (config.memorySize as number) >= 128 &&
      (config.memorySize as number) <= 10240
    )
  ) {
    problems.push('"memorySize" must be a whole number of MB from 128 to 10240');
  }
  if (
    config.timeout !== undefined &&
    !(typeof config.timeout === 'number' && config.timeout >= 1 && config.timeout <= 900)
  )
    problems.push('"timeout" must be a number of seconds from 1 to 900');
  if (config.sourceMaps !== undefined && typeof config.sourceMaps !== 'boolean')
    problems.push('"sourceMaps" must be true or false');
  if (problems.length)
    throw new Error(
      `the launch configuration "${String(config.name ?? LAMBDA_DEBUG_TYPE)}" is not valid: ${problems.join('; ')}`,
    );
  return config as unknown as LambdaLaunchConfig;
}

/** What `${...}` variables expand to in a launch configuration. */
export interface VariableContext {
  workspaceFolder?: string;
  /** Every workspace folder by name, for `${workspaceFolder:name}`. */
  folders: Record<string, string>;
  /** The file of the active editor. */
  file?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Expands the editor's usual variables (`${workspaceFolder}`, `${file}`, `${env:NAME}`...) in every string of a
 * configuration. The function starts while the configuration is resolved, before the editor substitutes anything.
 */
export function substituteVariables<T>(value: T, context: VariableContext): T {
  if (typeof value === 'string') return expand(value, context) as T;
  if (Array.isArray(value)) return value.map((item) => substituteVariables(item, context)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteVariables(item, context)]),
    ) as T;
  }
  return value;
}

function expand(text: string, context: VariableContext): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    const value = variable(name, context);
    if (value === undefined)
      throw new Error(`${whole} cannot be used in a Lambda launch configuration here (no value: ${describe(name)})`);
    return value;
  });
}

function variable(name: string, context: VariableContext): string | undefined {
  const { workspaceFolder, file } = context;
  if (name.startsWith('env:')) return context.env[name.slice(4)] ?? '';
  if (name.startsWith('workspaceFolder:')) return context.folders[name.slice('workspaceFolder:'.length)];
  switch (name) {
    case 'workspaceFolder':
    case 'workspaceRoot':
      return workspaceFolder;
    case 'workspaceFolderBasename':
      return workspaceFolder && basename(workspaceFolder);
    case 'file':
      return file;
    case 'fileDirname':
      return file && dirname(file);
    case 'fileBasename':
      return file && basename(file);
    case 'fileBasenameNoExtension':
      return file && basename(file).replace(/\.[^.]+$/, '');
    case 'relativeFile':
      return file && workspaceFolder ? relative(workspaceFolder, file) : undefined;
    case 'userHome':
      return homedir();
    case 'pathSeparator':
    case '/':
      return sep;
    default:
      return undefined;
  }
}

function describe(name: string): string {
  if (name === 'file' || name.startsWith('file') || name === 'relativeFile') return 'no file is open in the editor';
  if (name.startsWith('workspaceFolder')) return 'no such workspace folder is open';
  return 'supported are ${workspaceFolder}, ${workspaceFolder:name}, ${file}, ${fileDirname}, ${relativeFile}, ${userHome} and ${env:NAME}';
}
