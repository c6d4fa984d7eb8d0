import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIo } from './command';

/**
 * The text of the event a command was given with `--event`: `{}` when none, standard input for `-`, else the file
 * (relative to the working directory). A file that cannot be read is named in the error.
 */
export async function eventText(eventArg: string | undefined, io: CliIo): Promise<string> {
  if (eventArg === undefined) return '{}';
  if (eventArg === '-') return io.stdin();
  const path = resolve(io.cwd, eventArg);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`cannot read the event file ${path}: ${reason}`, { cause: error });
  }
}
