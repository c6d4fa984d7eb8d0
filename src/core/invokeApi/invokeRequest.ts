import type { IncomingMessage } from 'node:http';
import type { FunctionSpec } from '../model';
import { deployedName, type LocalIdentity } from '../runtime/lambdaEnvironment';

/** Lambda's limit on ClientContext: 3,583 bytes of base64-encoded JSON. */
export const MAX_CLIENT_CONTEXT_BYTES = 3583;

/** A request the Invoke API refuses, in the shape Lambda answers it (status, x-amzn-ErrorType, message). */
export class InvokeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an Invoke request asks for, checked the way Lambda checks it before any instance sees it. */
export interface InvokeRequest {
  fn: FunctionSpec;
  invocationType: 'RequestResponse' | 'Event' | 'DryRun';
  qualifier: string;
  tail: boolean;
  /** The decoded JSON text of X-Amz-Client-Context. */
  clientContext?: string;
  tenantId?: string;
}

/**
 * The function a FunctionName names: a name, a partial ARN (`account:function:Name`) or a full one, each with an
 * optional `:qualifier`. An ARN of another account or region names a function that is not here: 404, as Lambda.
 */
export function resolveFunction(
  functions: FunctionSpec[],
  name: string,
  identity: LocalIdentity,
): { fn: FunctionSpec; qualifier?: string } {
  const arn =
    /^(?:arn:(?<partition>[^:]+):lambda:(?<region>[^:]*):)?(?:(?<account>\d{12}):)?(?:function:)?(?<name>[^:]+)(?::(?<qualifier>[^:]+))?$/.exec(
      name,
    );
  const groups = arn?.groups ?? {};
  const notFound = () =>
    new InvokeRefusal(404, 'ResourceNotFoundException', `Function not found: ${fullArn(name, identity)}`);
  if (!arn || !groups.name) throw notFound();
  if ((groups.region && groups.region !== identity.region) || (groups.account && groups.account !== identity.accountId))
    throw notFound();
  const fn = functions.find((f) => deployedName(f) === groups.name) ?? functions.find((f) => f.name === groups.name);
  if (!fn) throw notFound();
  return { fn, qualifier: groups.qualifier };
}

/** Reads and checks the headers and query of an Invoke request for `fn`. */
export function readInvokeRequest(
  req: IncomingMessage,
  url: URL,
  target: { fn: FunctionSpec; qualifier?: string },
  identity: LocalIdentity,
): InvokeRequest {
  const { fn } = target;
  const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event' && invocationType !== 'DryRun') {
    throw validation(invocationType, 'invocationType', '[RequestResponse, Event, DryRun]');
  }
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') throw validation(logType, 'logType', '[Tail, None]');
  const qualifier = checkQualifier(fn, url.searchParams.get('Qualifier') ?? undefined, target.qualifier, identity);
  const request: InvokeRequest = {
    fn,
    invocationType,
    qualifier,
    tail: logType === 'Tail' && invocationType === 'RequestResponse',
  };
  const context = header(req, 'x-amz-client-context');
  if (context !== undefined) request.clientContext = decodeClientContext(context);
  const tenant = header(req, 'x-amz-tenant-id');
  if (tenant !== undefined) request.tenantId = tenant;
  return request;
}

/**
 * `$LATEST`, a version number, or an alias the template declares; anything else names no function (404), so the
 * SDK does not retry an invoke that can never run. A qualifier in the ARN and another in `Qualifier` disagree: 400.
 */
function checkQualifier(
  fn: FunctionSpec,
  fromQuery: string | undefined,
  fromName: string | undefined,
  identity: LocalIdentity,
): string {
  if (fromQuery !== undefined && fromName !== undefined && fromQuery !== fromName) {
    throw new InvokeRefusal(
      400,
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const qualifier = fromQuery ?? fromName ?? '$LATEST';
  if (qualifier === '$LATEST' || /^[1-9]\d{0,9}$/.test(qualifier) || fn.aliases?.includes(qualifier)) return qualifier;
  const name = `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${deployedName(fn)}:${qualifier}`;
  const known = ['$LATEST', 'a version number', ...(fn.aliases ?? []).map((a) => `alias ${a}`)].join(', ');
  throw new InvokeRefusal(
    404,
    'ResourceNotFoundException',
    `Function not found: ${name} (this template declares ${known})`,
  );
}

/**
 * X-Amz-Client-Context: base64 of a JSON object, at most 3,583 bytes as sent. Lambda answers a bad one with a
 * 400 before invoking; the exact wording of its messages is not documented, these say what is wrong.
 */
function decodeClientContext(value: string): string {
  if (Buffer.byteLength(value) > MAX_CLIENT_CONTEXT_BYTES) {
    throw new InvokeRefusal(
      400,
      'InvalidRequestContentException',
      `Client context must be at most ${MAX_CLIENT_CONTEXT_BYTES} bytes of base64-encoded JSON (this one has ${Buffer.byteLength(value)}).`,
    );
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw new InvokeRefusal(
      400,
      'InvalidRequestContentException',
      'Client context must be base64-encoded JSON: it is not valid base64.',
    );
  }
  const text = Buffer.from(value, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvokeRefusal(
      400,
      'InvalidRequestContentException',
      `Client context must be base64-encoded JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvokeRefusal(
      400,
      'InvalidRequestContentException',
      'Client context must be base64-encoded JSON object.',
    );
  }
  return text;
}

/** The "1 validation error detected" shape of Lambda's front end for a value outside an enum. */
function validation(value: string, member: string, allowed: string): InvokeRefusal {
  return new InvokeRefusal(
    400,
    'ValidationException',
    `1 validation error detected: Value '${value.slice(0, 100)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: ${allowed}`,
  );
}

function fullArn(name: string, identity: LocalIdentity): string {
  return name.startsWith('arn:')
    ? name
    : `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${name.replace(/^\d{12}:function:/, '')}`;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
