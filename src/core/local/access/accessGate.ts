import type { ApiResponse } from '../apiGateway/response';
import { checkApiKey, type DeclaredApiKeys } from './apiKeys';
import { checkIam, type AccessSurface } from './iamAuth';
import type { LocalCredentials, SignedRequest } from './sigv4';

/** The access control API Gateway applies to a request before its function (or authorizer) runs. */
export interface RouteAccess {
  /** ApiKeyRequired: the request needs a valid `x-api-key`. */
  apiKeyRequired: boolean;
  /** AWS_IAM authorization: the request needs a SigV4 signature. */
  iam: boolean;
}

/** What the gate decided for one request: a refusal, or who signed it; and what the log should say. */
export interface GateResult {
  denied?: ApiResponse;
  /** The access key of a signed request that passed. */
  accessKeyId?: string;
  logs: string[];
}

/**
 * The one place where a request meets a route's access control, in API Gateway's order: the authorizer first
 * (AWS_IAM: 403 without a good signature), then the API key (403 without a known `x-api-key`).
 */
export function checkAccess(
  surface: AccessSurface,
  access: RouteAccess,
  request: SignedRequest,
  keys: DeclaredApiKeys,
  credentials: LocalCredentials | undefined,
): GateResult {
  const logs: string[] = [];
  let accessKeyId: string | undefined;
  if (access.iam) {
    const iam = checkIam(surface, request, credentials);
    if (iam.log) logs.push(iam.log);
    if (iam.denied) return { denied: iam.denied, logs };
    accessKeyId = iam.accessKeyId;
  }
  if (access.apiKeyRequired) {
    const key = checkApiKey(request.headers, keys);
    if (key) return { denied: key.denied, logs: [...logs, key.log] };
  }
  return { accessKeyId, logs };
}

/** The start-up note on access control: what is checked, and against what. */
export function accessSummary(options: {
  iam: number;
  apiKey: number;
  credentials: LocalCredentials | undefined;
  keys: DeclaredApiKeys;
}): string[] {
  const lines: string[] = [];
  if (options.iam) {
    lines.push(
      options.credentials
        ? `AWS_IAM on ${options.iam} route(s)/URL(s): SigV4 signatures are verified against the local credentials (${options.credentials.origin}, ${options.credentials.accessKeyId}); other keys are accepted unverified`
        : `AWS_IAM on ${options.iam} route(s)/URL(s): no local AWS credentials, so a well-formed SigV4 signature is accepted without being verified`,
    );
  }
  if (options.apiKey) {
    const which =
      options.keys.generated || options.keys.values.length === 0
        ? 'any key (the template declares none with a value)'
        : `one of the ${options.keys.values.length} key(s) the template declares`;
    lines.push(
      `API key required on ${options.apiKey} method(s): x-api-key must be ${which}; usage plan quotas and throttling are not emulated`,
    );
  }
  return lines;
}
