import { WorkbenchError } from '../errors';

/** What kind of failure an AwsError is, so callers can react (offer `aws sso login`, retry, refresh...). */
export type AwsErrorKind =
  | 'credentials'
  | 'expired'
  | 'region'
  | 'endpoint'
  | 'access-denied'
  | 'not-found'
  | 'precondition'
  | 'conflict'
  | 'throttled'
  | 'cancelled'
  | 'aws';

/** What was being done when a call failed, to name it in the message. */
export interface AwsErrorContext {
  /** IAM-style action, e.g. `lambda:UpdateFunctionCode`. */
  action: string;
  /** The function, role or log group concerned. */
  resource?: string;
  profile?: string;
  /** The endpoint the call went to, for unreachable-endpoint messages. */
  endpoint?: string;
  region?: string;
}

/**
 * One clear message per failure, with the SDK's error name kept for code that must branch on it. Its code is
 * `cancelled` for a call the user cancelled, else `aws`; `kind` says more.
 */
export class AwsError extends WorkbenchError {
  constructor(
    message: string,
    readonly kind: AwsErrorKind,
    /** The SDK's error name (`ResourceNotFoundException`, `CredentialsProviderError`...). */
    readonly awsCode: string,
    readonly action?: string,
  ) {
    super(kind === 'cancelled' ? 'cancelled' : 'aws', message);
    this.name = 'AwsError';
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** Error names the SDK raises on the client side, before or instead of an answer from AWS. */
const CLIENT_SIDE = /^(CredentialsProviderError|TokenProviderError|TimeoutError|AbortError|ProviderError)$/;

/**
 * Turns what an AWS SDK call throws into an AwsError with one clear, credential-free message. Errors that did not
 * come from AWS or the SDK (a zip that cannot be extracted, a bad event...) are returned unchanged.
 */
export function toAwsError(error: unknown, context: AwsErrorContext): Error {
  if (error instanceof AwsError) return error;
  const err = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string };
    hostname?: string;
    $metadata?: unknown;
  };
  const name = err.name ?? 'Error';
  const message = redact(err.message ?? String(error));
  const fromAws =
    err.$metadata !== undefined ||
    CLIENT_SIDE.test(name) ||
    [err.code, err.cause?.code].some((c) => c && c in NETWORK_CODES) ||
    /region is missing|could not load credentials/i.test(message);
  if (!fromAws) return error instanceof Error ? error : new Error(message);
  const profileFlag = context.profile ? ` --profile ${context.profile}` : '';
  const what = context.resource ? `${context.action} on ${context.resource}` : context.action;
  const networkCode = [err.code, err.cause?.code].find((code) => code && code in NETWORK_CODES);

  if (name === 'AbortError') return new AwsError(`${what} was cancelled.`, 'cancelled', name, context.action);
  if (networkCode) {
    const where = context.endpoint ?? (err.hostname ? `https://${err.hostname}` : 'the AWS endpoint');
    return new AwsError(
      `Cannot reach ${where} (${NETWORK_CODES[networkCode]}) while calling ${context.action}. Check AWS_ENDPOINT_URL, the region and your network.`,
      'endpoint',
      networkCode,
      context.action,
    );
  }
  if (/sso/i.test(message) && /(expired|invalid|refresh|login)/i.test(message)) {
    return new AwsError(
      `The SSO session${context.profile ? ` of profile ${context.profile}` : ''} has expired. Run \`aws sso login${profileFlag}\` and try again.`,
      'expired',
      name,
      context.action,
    );
  }
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || name === 'TokenProviderError') {
    return new AwsError(
      `The AWS credentials${context.profile ? ` of profile ${context.profile}` : ''} have expired. Refresh them (\`aws sso login${profileFlag}\` for SSO profiles) and try again.`,
      'expired',
      name,
      context.action,
    );
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new AwsError(
      `No AWS credentials found${context.profile ? ` for profile ${context.profile}` : ''}. Run \`aws configure${profileFlag}\` (or \`aws sso login${profileFlag}\` for SSO), or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      'credentials',
      name,
      context.action,
    );
  }
  if (/region is missing/i.test(message)) {
    return new AwsError(
      'No AWS region is set. Pass a region, set AWS_REGION, or set one in the profile with `aws configure`.',
      'region',
      name,
      context.action,
    );
  }
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidClientTokenId' ||
    name === 'InvalidSignatureException' ||
    name === 'SignatureDoesNotMatch'
  ) {
    return new AwsError(
      `AWS rejected the credentials${context.profile ? ` of profile ${context.profile}` : ''} (${name}). Run \`aws configure${profileFlag}\` with a valid access key.`,
      'credentials',
      name,
      context.action,
    );
  }
  if (/AccessDenied|NotAuthorized|Forbidden/i.test(name)) {
    return new AwsError(
      `Access denied: your AWS identity is not allowed to call ${what}. Ask for the ${context.action} permission.`,
      'access-denied',
      name,
      context.action,
    );
  }
  if (name === 'ResourceNotFoundException' || name === 'NoSuchEntity' || name === 'NoSuchEntityException') {
    const missing =
      context.action.startsWith('lambda:') && context.resource
        ? `The function ${context.resource} does not exist${context.region ? ` in ${context.region}` : ''} (${context.action}).`
        : `${what} failed: ${message}`;
    return new AwsError(missing, 'not-found', name, context.action);
  }
  if (name === 'PreconditionFailedException') {
    return new AwsError(
      `${context.resource ?? 'The function'} was changed by someone else since it was last read, so ${context.action} was refused and nothing was overwritten. Refresh, review the remote function and deploy again.`,
      'precondition',
      name,
      context.action,
    );
  }
  if (name === 'ResourceConflictException') {
    return new AwsError(
      `${context.resource ?? 'The function'} is busy with another update (${context.action}): ${message}`,
      'conflict',
      name,
      context.action,
    );
  }
  if (/Throttl|TooManyRequests/i.test(name)) {
    return new AwsError(
      `AWS is throttling ${context.action}; wait a moment and try again.`,
      'throttled',
      name,
      context.action,
    );
  }
  return new AwsError(`${what} failed: ${name}: ${message}`, 'aws', name, context.action);
}

/** Masks access key ids, signatures and session tokens, should an SDK message ever carry them. */
export function redact(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1****')
    .replace(/(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s]+/gi, '$1****')
    .replace(/(aws_secret_access_key|aws_session_token)(\s*[=:]\s*)\S+/gi, '$1$2****');
}
