import { isRecord } from '../../cfnTemplate';

/**
 * Evaluates an authorizer's IAM policy for `execute-api:Invoke` on a method ARN as IAM does: an explicit Deny
 * wins, then an Allow, and no matching statement is an implicit deny. `*` and `?` are wildcards in Resource.
 */
export function policyAllows(policy: Record<string, unknown>, arn: string): 'allow' | 'deny' | 'implicit-deny' {
  const statements = Array.isArray(policy.Statement)
    ? policy.Statement
    : isRecord(policy.Statement)
      ? [policy.Statement]
      : [];
  let allowed = false;
  for (const statement of statements) {
    if (!isRecord(statement)) continue;
    const actions = [statement.Action].flat().map(String);
    if (!actions.some((a) => wildcard(a.toLowerCase()).test('execute-api:invoke'))) continue;
    const resources = [statement.Resource].flat().map(String);
    if (!resources.some((r) => wildcard(r).test(arn))) continue;
    if (statement.Effect === 'Deny') return 'deny';
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}
