import type { FunctionSpec } from '../model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What the Invoke API needs to answer qualifiers and tenants as Lambda does: the aliases the template declares
 * for function `id` (SAM `AutoPublishAlias`, `AWS::Lambda::Alias` whose FunctionName is a Ref or GetAtt of it)
 * and its TenancyConfig (`TenantIsolationMode: PER_TENANT`).
 */
export function qualifierSettings(
  resources: Obj,
  id: string,
  props: Obj,
  globals: Obj,
): Pick<FunctionSpec, 'aliases' | 'tenantIsolation'> {
  const aliases = new Set<string>();
  const autoAlias = props.AutoPublishAlias ?? globals.AutoPublishAlias;
  if (typeof autoAlias === 'string' && autoAlias) aliases.add(autoAlias);
  for (const resource of Object.values(resources)) {
    if (!isObj(resource) || resource.Type !== 'AWS::Lambda::Alias' || !isObj(resource.Properties)) continue;
    const { FunctionName: target, Name: name } = resource.Properties;
    if (typeof name === 'string' && refersTo(target, id)) aliases.add(name);
  }
  const tenancy = props.TenancyConfig ?? globals.TenancyConfig;
  const settings: Pick<FunctionSpec, 'aliases' | 'tenantIsolation'> = {};
  if (aliases.size) settings.aliases = [...aliases];
  if (isObj(tenancy) && tenancy.TenantIsolationMode === 'PER_TENANT') settings.tenantIsolation = true;
  return settings;
}

function refersTo(value: unknown, id: string): boolean {
  if (!isObj(value)) return false;
  if (value.Ref === id) return true;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return getAtt[0] === id;
  return typeof getAtt === 'string' && getAtt.split('.')[0] === id;
}
