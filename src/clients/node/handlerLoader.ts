import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitHandler } from '../../core/runtime/launchers/handlerString';
import { RuntimeError } from './errors';
import { packageType } from '../../core/toolchains/packageType';

export type Handler = (
  event: unknown,
  context: unknown,
  callback: (error: unknown, result?: unknown) => void,
) => unknown;

/**
 * Loads the handler named by `_HANDLER` from the task root the way Lambda's Node.js runtime does: `.js`, `.mjs`
 * and `.cjs` files, ES modules by extension or `"type": "module"`, then a package of that name; the export path
 * may be nested (`index.a.b`). Failures carry Lambda's init error types.
 */
export async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  const parts = splitHandler(handlerString);
  if (!parts) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  const base = resolve(taskRoot, parts.module);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
  let loaded: unknown;
  try {
    if (!file) loaded = require(require.resolve(parts.module, { paths: [taskRoot] }));
    else if (file.endsWith('.mjs') || (file.endsWith('.js') && packageType(dirname(file)) === 'module'))
      loaded = await import(pathToFileURL(file).href);
    else loaded = require(file);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    const code = (error as { code?: string }).code;
    if (!file && (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')) {
      throw new RuntimeError(
        'Runtime.ImportModuleError',
        `Error: Cannot find module '${parts.module}'\nRequire stack:\n- ${__filename}`,
      );
    }
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: ${(error as Error).message}`);
    }
    throw error;
  }
  let handler: unknown = loaded;
  for (const key of parts.exportPath.split('.'))
    handler = handler == null ? undefined : (handler as Record<string, unknown>)[key];
  if (typeof handler !== 'function') {
    throw new RuntimeError(
      'Runtime.HandlerNotFound',
      `${parts.module}.${parts.exportPath} is undefined or not exported`,
    );
  }
  return handler as Handler;
}
