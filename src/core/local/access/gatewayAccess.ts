import type { FunctionSpec } from '../../model';
import type { AccessCheck } from '../apiGateway/access';
import type { RouteInfo } from '../apiGateway/server';
import { loadTemplate } from '../cfnTemplate';
import { accessSummary, checkAccess } from './accessGate';
import { declaredApiKeys, type DeclaredApiKeys } from './apiKeys';
import type { LocalCredentials } from './sigv4';

/** The API key and SigV4 checks of the local API Gateway, and what start-up says about them. */
export interface GatewayAccess {
  /** Runs before each route's authorizer (StartApiOptions.accessChecks). */
  check: AccessCheck;
  /** The start-up note: what the routes and function URLs served check (said once). */
  summary(routes: RouteInfo[], functions: FunctionSpec[]): string[];
}

/**
 * API Gateway's checks before the authorizer: `AWS_IAM` routes need a SigV4 signature (verified against
 * `credentials` when they hold the key used), `ApiKeyRequired` methods an `x-api-key` the template declares
 * (`AWS::ApiGateway::ApiKey` values, serverless.yml `apiKeys`).
 */
export function gatewayAccess(credentials: LocalCredentials | undefined, onLog: (line: string) => void): GatewayAccess {
  const templates = new Map<string, Record<string, unknown>>();
  const keysOf = (fn: FunctionSpec): DeclaredApiKeys => {
    if (!fn.templatePath) return { values: [], generated: true };
    if (!templates.has(fn.templatePath)) templates.set(fn.templatePath, loadTemplate(fn.templatePath));
    return declaredApiKeys(templates.get(fn.templatePath)!);
  };
  return {
    check(route, request) {
      const iam = route.auth.kind === 'iam';
      if (!iam && !route.apiKeyRequired) return undefined;
      const gate = checkAccess(
        route.kind,
        { iam, apiKeyRequired: route.apiKeyRequired },
        { ...request, headers: request.rawHeaders },
        keysOf(route.fn),
        credentials,
      );
      for (const line of gate.logs) onLog(`${request.method} ${request.rawPath} -> ${route.fn.name}: ${line}`);
      return gate.denied ? { allow: false, response: gate.denied, reason: gate.logs.join('; ') } : undefined;
    },
    summary(routes, functions) {
      templates.clear();
      const keyed = routes.filter((r) => r.apiKeyRequired);
      const keys = keyed.reduce<DeclaredApiKeys>(
        (all, route) => {
          const fn = functions.find((f) => f.id === route.functionId);
          const declared = fn ? keysOf(fn) : { values: [], generated: true };
          return {
            values: [...new Set([...all.values, ...declared.values])],
            generated: all.generated || declared.generated,
          };
        },
        { values: [], generated: false },
      );
      return accessSummary({
        iam:
          routes.filter((r) => r.auth === 'iam').length +
          functions.filter((fn) => fn.url?.authType === 'AWS_IAM').length,
        apiKey: keyed.length,
        credentials,
        keys,
      });
    },
  };
}
