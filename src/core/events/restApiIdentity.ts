/**
 * `requestContext.identity` of a 1.0 event: the caller's address and user agent; the IAM and Cognito fields are null
 * as API Gateway sends them for a request with no IAM or Cognito authorization.
 */
export function restApiIdentity(sourceIp: string, userAgent: string | null): Record<string, string | null> {
  return {
    accessKey: null,
    accountId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}
