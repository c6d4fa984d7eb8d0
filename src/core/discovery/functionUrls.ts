import type { FunctionUrlSpec } from '../model';
import type { DiagnosticSink } from './functionFields';
import { tryResolve, type IntrinsicContext } from './intrinsics';
import type { DocPath, ParsedSource } from './parsedSource';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export const LAMBDA_URL = 'AWS::Lambda::Url';

const AUTH_TYPES = ['NONE', 'AWS_IAM'] as const;
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'] as const;

/**
 * Reads a function URL configuration (SAM FunctionUrlConfig or the properties of AWS::Lambda::Url): AuthType is
 * required and NONE or AWS_IAM, InvokeMode is BUFFERED (the default) or RESPONSE_STREAM. A bad value is an error
 * diagnostic and no URL, as CloudFormation would refuse the stack.
 */
export function readFunctionUrl(
  config: unknown,
  at: DocPath,
  declaredBy: string,
  who: string,
  ctx: IntrinsicContext,
  source: ParsedSource,
  sink: DiagnosticSink,
): FunctionUrlSpec | undefined {
  if (!isObj(config)) {
    sink.add(at, 'error', `${who}: ${declaredBy} must be a mapping with AuthType (NONE or AWS_IAM)`);
    return undefined;
  }
  const authType = tryResolve(config.AuthType, ctx);
  if (!AUTH_TYPES.includes(authType as never)) {
    sink.add(
      [...at, 'AuthType'],
      'error',
      `${who}: AuthType of the function URL must be NONE or AWS_IAM, got ${JSON.stringify(authType ?? null)}`,
    );
    return undefined;
  }
  const invokeMode = tryResolve(config.InvokeMode ?? 'BUFFERED', ctx);
  if (!INVOKE_MODES.includes(invokeMode as never)) {
    sink.add(
      [...at, 'InvokeMode'],
      'error',
      `${who}: InvokeMode of the function URL must be BUFFERED or RESPONSE_STREAM, got ${JSON.stringify(invokeMode)}`,
    );
    return undefined;
  }
  const url: FunctionUrlSpec = {
    authType: authType as FunctionUrlSpec['authType'],
    invokeMode: invokeMode as FunctionUrlSpec['invokeMode'],
    declaredBy,
    position: source.position(at),
  };
  const cors = tryResolve(config.Cors, ctx);
  if (cors !== undefined) {
    if (isObj(cors)) url.cors = cors;
    else
      sink.add(
        [...at, 'Cors'],
        'error',
        `${who}: Cors of the function URL must be a mapping (AllowOrigins, AllowMethods...)`,
      );
  }
  return url;
}

/** The AWS::Lambda::Url resources whose TargetFunctionArn names the function `id` (!Ref, !GetAtt id.Arn, !Sub). */
export function lambdaUrlResources(resources: Obj, id: string): Array<{ logicalId: string; properties: Obj }> {
  const found: Array<{ logicalId: string; properties: Obj }> = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObj(resource) || resource.Type !== LAMBDA_URL || !isObj(resource.Properties)) continue;
    if (targets(resource.Properties.TargetFunctionArn, id)) found.push({ logicalId, properties: resource.Properties });
  }
  return found;
}

function targets(value: unknown, id: string): boolean {
  if (typeof value === 'string') return value === id;
  if (!isObj(value)) return false;
  if (value.Ref === id) return true;
  const att = value['Fn::GetAtt'];
  if (Array.isArray(att)) return att[0] === id;
  if (typeof att === 'string') return att.split('.')[0] === id;
  const sub = value['Fn::Sub'];
  return typeof sub === 'string' && (sub === `\${${id}}` || sub === `\${${id}.Arn}`);
}

/**
 * A serverless.yml function's `url`: `true`, or `{ authorizer: aws_iam, invokeMode, cors }` with `cors: true` or
 * `{ allowedOrigins, allowedHeaders, allowedMethods, allowCredentials, exposedResponseHeaders, maxAge }`.
 */
export function serverlessFunctionUrl(
  value: unknown,
  at: DocPath,
  who: string,
  source: ParsedSource,
  sink: DiagnosticSink,
): FunctionUrlSpec | undefined {
  if (value === undefined || value === false) return undefined;
  const url: FunctionUrlSpec = {
    authType: 'NONE',
    invokeMode: 'BUFFERED',
    declaredBy: 'url',
    position: source.position(at),
  };
  if (value === true) return url;
  if (!isObj(value)) {
    sink.add(at, 'error', `${who}: url must be true or a mapping (authorizer, invokeMode, cors)`);
    return undefined;
  }
  if (value.authorizer !== undefined) {
    if (value.authorizer !== 'aws_iam') {
      sink.add(
        [...at, 'authorizer'],
        'error',
        `${who}: url.authorizer can only be aws_iam, got ${JSON.stringify(value.authorizer)}`,
      );
      return undefined;
    }
    url.authType = 'AWS_IAM';
  }
  if (value.invokeMode !== undefined) {
    if (!INVOKE_MODES.includes(value.invokeMode as never)) {
      sink.add(
        [...at, 'invokeMode'],
        'error',
        `${who}: url.invokeMode must be BUFFERED or RESPONSE_STREAM, got ${JSON.stringify(value.invokeMode)}`,
      );
      return undefined;
    }
    url.invokeMode = value.invokeMode as FunctionUrlSpec['invokeMode'];
  }
  const cors = value.cors;
  if (cors === true)
    url.cors = {
      AllowOrigins: ['*'],
      AllowMethods: ['*'],
      AllowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'],
    };
  else if (isObj(cors)) {
    url.cors = {
      AllowOrigins: cors.allowedOrigins ?? ['*'],
      AllowHeaders: cors.allowedHeaders,
      AllowMethods: cors.allowedMethods ?? ['*'],
      AllowCredentials: cors.allowCredentials,
      ExposeHeaders: cors.exposedResponseHeaders,
      MaxAge: cors.maxAge,
    };
  }
  return url;
}
