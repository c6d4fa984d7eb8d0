import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

const SCALAR_FUNCTIONS = ['Base64', 'GetAZs', 'ImportValue', 'Sub', 'Transform'];
const SEQUENCE_FUNCTIONS = ['And', 'Cidr', 'Equals', 'FindInMap', 'If', 'Join', 'Not', 'Or', 'Select', 'Split', 'Sub', 'GetAtt'];

/** CloudFormation's short-form intrinsics (`!Ref`, `!GetAtt A.B`, `!Sub`...) read as their long JSON forms. */
const CFN_TAGS: Tags = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split(/\.(.*)/s).slice(0, 2) }) },
  ...SCALAR_FUNCTIONS.map((name) => ({ tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) })),
  ...SEQUENCE_FUNCTIONS.map((name) => ({
    tag: `!${name}`,
    collection: 'seq' as const,
    resolve: (value: { toJSON(): unknown }) => ({ [`Fn::${name}`]: value.toJSON() }),
  })),
  ...['GetAZs', 'Base64', 'ImportValue', 'Transform'].map((name) => ({
    tag: `!${name}`,
    collection: 'map' as const,
    resolve: (value: { toJSON(): unknown }) => ({ [`Fn::${name}`]: value.toJSON() }),
  })),
];

/** Parses a CloudFormation/SAM template (YAML or JSON) or a serverless.yml. Throws with the file name on bad YAML. */
export function parseTemplate(text: string, file = 'template'): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text, { customTags: CFN_TAGS, uniqueKeys: false });
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(doc)) throw new Error(`${file}: expected a mapping at the top of the template`);
  return doc;
}

/** Reads and parses a template file. */
export function loadTemplate(path: string): Record<string, unknown> {
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A template value as text: literals as they are, intrinsics in their short form (`!GetAtt Queue.Arn`). */
export function valueText(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return `!Ref ${value.Ref}`;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `!GetAtt ${getAtt.join('.')}`;
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return `!Sub ${sub}`;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return `!Sub ${sub[0]}`;
  return JSON.stringify(value);
}

/** The logical id an intrinsic points at (`!Ref X`, `!GetAtt X.Arn`), or undefined. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}
