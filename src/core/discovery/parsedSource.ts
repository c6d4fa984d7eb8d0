import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import type { Diagnostic, SourcePosition } from '../model';
import { cloudFormationTags } from './cfnTags';

/** A key path into a parsed document: map keys and sequence indexes. */
export type DocPath = ReadonlyArray<string | number>;

/** A YAML or JSON file parsed with positions kept, so that any value can be traced back to its line. */
export interface ParsedSource {
  file: string;
  /** The document as plain data, CloudFormation short forms turned into long-form objects. */
  value: unknown;
  /**
   * Where the value at `path` is written: the key's position for map entries, the item's for sequence items.
   * When the path leaves the document part-way, the position of the deepest part that exists.
   */
  position(path: DocPath): SourcePosition;
}

function cleanMessage(error: YAMLError): string {
  const first = error.message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function toDiagnostic(
  file: string,
  error: YAMLError,
  severity: Diagnostic['severity'],
  counter: LineCounter,
): Diagnostic {
  const pos = error.linePos?.[0] ?? counter.linePos(error.pos[0]);
  const kind = severity === 'error' ? 'syntax error' : 'warning';
  return { file, line: pos.line - 1, column: pos.col - 1, severity, message: `YAML ${kind}: ${cleanMessage(error)}` };
}

/** How far aliases may expand (yaml's own measure; its default): enough for real templates, not for an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** The offset of the first alias (`*name`) in the document, where an alias bomb is reported. */
function firstAlias(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * Parses YAML (and JSON, which is YAML) with CloudFormation's short-form tags.
 * A syntax error yields error diagnostics at the exact line and column and no source; so do aliases that expand
 * without bound (an alias bomb), instead of exhausting memory.
 */
export function parseSource(file: string, text: string): { source?: ParsedSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: cloudFormationTags, prettyErrors: true });
  const diagnostics = doc.warnings.map((w) => toDiagnostic(file, w, 'warning', lineCounter));
  if (doc.errors.length > 0) {
    diagnostics.unshift(...doc.errors.map((e) => toDiagnostic(file, e, 'error', lineCounter)));
    return { diagnostics };
  }
  const at = (offset: number): SourcePosition => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line - 1, column: pos.col - 1 };
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) throw error;
    const { line, column } = at(firstAlias(doc));
    const message = 'YAML aliases expand to too many values (an alias bomb?); the file is not read';
    return { diagnostics: [...diagnostics, { file, line, column, severity: 'error', message }] };
  }
  return { diagnostics, source: { file, value, position: (path) => locate(doc, path, at) } };
}

function locate(doc: Document.Parsed, path: DocPath, at: (offset: number) => SourcePosition): SourcePosition {
  let node: unknown = doc.contents;
  let best = at((node as Node | null)?.range?.[0] ?? 0);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return best;
      best = at((pair.key as Node).range?.[0] ?? 0);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) return best;
      best = at(item.range[0]);
      node = item;
    } else {
      return best;
    }
  }
  return best;
}
