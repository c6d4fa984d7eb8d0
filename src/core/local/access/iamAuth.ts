import { jsonResponse, type ApiResponse } from '../apiGateway/response';
import { checkSigV4, type LocalCredentials, type SignedRequest } from './sigv4';

/** Which front door answers: a REST API, an HTTP API, or a function URL (each words its refusals its own way). */
export type AccessSurface = 'rest' | 'http' | 'url';

/** The outcome of an AWS_IAM check: a refusal to send, or who signed (and a line for the log when unverified). */
export type IamOutcome =
  { denied: ApiResponse; log: string } | { denied?: undefined; accessKeyId: string; log?: string };

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * AWS_IAM authorization as API Gateway and Lambda answer it: an unsigned request is refused with 403 (REST APIs
 * say `Missing Authentication Token`, HTTP APIs `Forbidden`, function URLs `{"Message":"Forbidden"}`); a bad
 * signature is refused with AWS's signature message; a good one passes. A well-formed signature made with keys not
 * known locally passes unverified, and the log says so.
 */
export function checkIam(
  surface: AccessSurface,
  request: SignedRequest,
  credentials: LocalCredentials | undefined,
): IamOutcome {
  const check = checkSigV4(request, credentials);
  switch (check.outcome) {
    case 'verified':
      return { accessKeyId: check.accessKeyId };
    case 'unverified':
      return { accessKeyId: check.accessKeyId, log: `AWS_IAM: the signature was not verified: ${check.reason}` };
    case 'missing':
      return {
        denied: refusal(surface, 'missing'),
        log: 'AWS_IAM: 403, the request is not signed (no Authorization header)',
      };
    case 'malformed':
      return { denied: refusal(surface, 'malformed', check.reason), log: `AWS_IAM: 403, ${check.reason}` };
    case 'mismatch':
      return {
        denied: refusal(surface, 'mismatch'),
        log: `AWS_IAM: 403, the signature made with ${check.accessKeyId} does not match the request`,
      };
  }
}

function refusal(surface: AccessSurface, why: 'missing' | 'malformed' | 'mismatch', reason = ''): ApiResponse {
  if (surface === 'url') {
    return jsonResponse(403, { Message: why === 'mismatch' ? SIGNATURE_MISMATCH : 'Forbidden' }, [
      ['x-amzn-ErrorType', 'AccessDeniedException'],
    ]);
  }
  if (why === 'mismatch')
    return jsonResponse(403, { message: SIGNATURE_MISMATCH }, [['x-amzn-ErrorType', 'InvalidSignatureException']]);
  if (surface === 'http')
    return jsonResponse(403, { message: 'Forbidden' }, [['x-amzn-ErrorType', 'ForbiddenException']]);
  if (why === 'missing')
    return jsonResponse(403, { message: 'Missing Authentication Token' }, [
      ['x-amzn-ErrorType', 'MissingAuthenticationTokenException'],
    ]);
  return jsonResponse(403, { message: `Authorization header is not a valid AWS Signature Version 4: ${reason}` }, [
    ['x-amzn-ErrorType', 'IncompleteSignatureException'],
  ]);
}
