import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseSource } from '../../../discovery/parsedSource';
import { tryResolve, type IntrinsicContext } from '../../../discovery/intrinsics';
import { isRecord } from '../../cfnTemplate';

type Obj = Record<string, unknown>;

/** Where an API's OpenAPI definition is, as the template says it. */
export type DefinitionLookup = { doc: Obj } | { remote: string } | undefined;

/**
 * The OpenAPI document of an API: inline (`DefinitionBody`/`Body`), inline through `Fn::Transform: AWS::Include`
 * with a local `Location`, or a local file (`DefinitionUri` / `BodyS3Location` whose key is a path next to the
 * template). A definition only in S3 answers `remote` with the reason, so the caller can say it is not served.
 */
export function readDefinition(
  inline: unknown,
  location: unknown,
  templateFile: string,
  ctx: IntrinsicContext,
  where: string,
): DefinitionLookup {
  if (isRecord(inline)) {
    const include = inline['Fn::Transform'];
    if (isRecord(include)) {
      if (include.Name !== 'AWS::Include')
        return { remote: `${where}: Fn::Transform ${String(include.Name)} is not run locally (only AWS::Include)` };
      const params = isRecord(include.Parameters) ? include.Parameters : {};
      return localFile(tryResolve(params.Location, ctx), templateFile, `${where} AWS::Include Location`);
    }
    return { doc: inline };
  }
  if (location === undefined) return undefined;
  const resolved = tryResolve(location, ctx);
  if (typeof resolved === 'string') return localFile(resolved, templateFile, `${where} definition`);
  if (isRecord(resolved) && typeof resolved.Key === 'string' && !resolved.Key.includes('://')) {
    const candidate = join(dirname(templateFile), resolved.Key);
    if (existsSync(candidate)) return localFile(resolved.Key, templateFile, `${where} BodyS3Location`);
  }
  return {
    remote: `${where}: the definition is only in S3 (${JSON.stringify(location)}), so its routes are not served locally`,
  };
}

function localFile(location: unknown, templateFile: string, where: string): DefinitionLookup {
  if (typeof location !== 'string') throw new Error(`${where} must be a path, got ${JSON.stringify(location)}`);
  if (/^(s3|https?):\/\//.test(location))
    return { remote: `${where} ${location} is not a local file, so its routes are not served locally` };
  const file = isAbsolute(location) ? location : join(dirname(templateFile), location);
  if (!existsSync(file)) throw new Error(`${where} ${location} does not exist (looked for ${file})`);
  const { source, diagnostics } = parseSource(file, readFileSync(file, 'utf8'));
  if (!source || !isRecord(source.value)) {
    const first = diagnostics[0];
    throw new Error(`${file}:${(first?.line ?? 0) + 1}: ${first?.message ?? 'expected an OpenAPI document'}`);
  }
  return { doc: source.value };
}
