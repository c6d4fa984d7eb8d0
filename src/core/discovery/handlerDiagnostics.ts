import type { FunctionSpec } from '../model';
import type { DiagnosticSink } from './functionFields';
import type { DocPath } from './parsedSource';
import { lookupHandler, type HandlerHints } from './resolveHandler';

/**
 * Finds the handler's source for a function read from a template and records the outcome:
 * handlerFile/handlerLine when found; an error at the Handler (or, for a missing folder, the CodeUri) property
 * when it points nowhere; a warning when the file exists but shows no such definition; a note when the file is too
 * large to search.
 */
export function applyHandlerLookup(
  fn: FunctionSpec,
  hints: HandlerHints,
  sink: DiagnosticSink,
  handlerPath: DocPath,
  codePath?: DocPath,
): void {
  const found = lookupHandler(fn, hints);
  if (found.file) {
    fn.handlerFile = found.file;
    fn.handlerLine = found.line ?? 0;
  }
  if (!found.problem) return;
  const path = found.kind === 'missing-folder' && codePath ? codePath : handlerPath;
  const severity = found.kind === 'too-large' ? 'info' : found.kind === 'missing-definition' ? 'warning' : 'error';
  sink.add(path, severity, `${fn.name}: ${found.problem}`);
}
