import { isRecord } from '../cfnTemplate';
import type { RouteAccess } from './routeAccess';

/** The access control of an `AWS::ApiGateway::Method`: ApiKeyRequired and AuthorizationType. */
export function methodAccess(properties: Record<string, unknown>): RouteAccess {
  const type = typeof properties.AuthorizationType === 'string' ? properties.AuthorizationType : 'NONE';
  const access: RouteAccess = { apiKeyRequired: properties.ApiKeyRequired === true, iam: type === 'AWS_IAM' };
  if (type !== 'NONE' && type !== 'AWS_IAM') access.passThrough = type;
  return access;
}

/**
 * The access control of an OpenAPI operation imported by API Gateway: its `security` (or the document's) naming an
 * `apiKey` scheme on the `x-api-key` header, or a SigV4 scheme (`x-amazon-apigateway-authtype: awsSigv4`);
 * `x-amazon-apigateway-auth: { type: AWS_IAM }` on the operation. Other schemes (Cognito, Lambda authorizers) pass through.
 */
export function openApiAccess(operation: Record<string, unknown>, document: Record<string, unknown>): RouteAccess {
  const access: RouteAccess = { apiKeyRequired: false, iam: false };
  const direct = isRecord(operation['x-amazon-apigateway-auth']) ? operation['x-amazon-apigateway-auth'].type : undefined;
  if (typeof direct === 'string' && direct.toUpperCase() === 'AWS_IAM') access.iam = true;
  const components = isRecord(document.components) ? document.components : {};
  const schemes = isRecord(components.securitySchemes) ? components.securitySchemes : isRecord(document.securityDefinitions) ? document.securityDefinitions : {};
  const security = Array.isArray(operation.security) ? operation.security : Array.isArray(document.security) ? document.security : [];
  for (const requirement of security) {
    if (!isRecord(requirement)) continue;
    for (const name of Object.keys(requirement)) {
      const scheme = isRecord(schemes[name]) ? schemes[name] : {};
      const authType = String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
      if (scheme.type === 'apiKey' && String(scheme.name ?? '').toLowerCase() === 'x-api-key' && authType === '') access.apiKeyRequired = true;
      else if (authType === 'awssigv4') access.iam = true;
      else access.passThrough = name;
    }
  }
  return access;
}
