// The front server's hand-written answers, read back by the AWS SDK itself: each must parse as the exception (or
// the page) the Lambda API reference documents, so that the tests built on them exercise what AWS would send.
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvalidParameterValueException,
  LambdaClient,
  LambdaServiceException,
  ListFunctionsCommand,
  paginateListFunctions,
  PreconditionFailedException,
  ResourceConflictException,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  accessDenied,
  functionsPage,
  invalidParameterValue,
  isCall,
  preconditionFailed,
  resourceConflict,
  startFront,
  unrecognizedClient,
  type Front,
  type FrontReply,
} from './front';

let front: Front;
let lambda: LambdaClient;

before(async () => {
  // Every request is answered by a rule: the upstream is never reached.
  front = await startFront('http://127.0.0.1:9');
  lambda = new LambdaClient({
    endpoint: front.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
  });
});
after(async () => {
  lambda.destroy();
  await front.close();
});

/** Answers the next request with `reply` and returns what the SDK made of it. */
async function sdkErrorFor(reply: FrontReply, send: () => Promise<unknown>): Promise<LambdaServiceException> {
  front.rules.length = 0;
  front.rules.push({ match: () => true, reply: () => reply, times: 1 });
  try {
    await send();
  } catch (error) {
    assert.ok(error instanceof LambdaServiceException, `not a Lambda service exception: ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

const ARN = 'arn:aws:lambda:us-east-2:123456789012:function:my-function';

test('an update in progress parses as ResourceConflictException, HTTP 409, with its message', async () => {
  const error = await sdkErrorFor(resourceConflict(ARN), () =>
    lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'my-function', ZipFile: new Uint8Array([1]) })),
  );
  assert.ok(error instanceof ResourceConflictException);
  assert.equal(error.$metadata.httpStatusCode, 409);
  assert.equal(error.Type, 'User');
  assert.equal(
    error.message,
    `The operation cannot be performed at this time. An update is in progress for resource: ${ARN}`,
  );
});

test('a stale RevisionId parses as PreconditionFailedException, HTTP 412', async () => {
  const error = await sdkErrorFor(preconditionFailed(), () =>
    lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'my-function', ZipFile: new Uint8Array([1]), RevisionId: 'old' }),
    ),
  );
  assert.ok(error instanceof PreconditionFailedException);
  assert.equal(error.$metadata.httpStatusCode, 412);
  assert.match(error.message, /^The RevisionId provided does not match the latest RevisionId/);
});

test('a denied call parses as AccessDeniedException, HTTP 403, naming the action', async () => {
  const reply = accessDenied('arn:aws:iam::123456789012:user/dev', 'lambda:DeleteFunction', ARN);
  const error = await sdkErrorFor(reply, () => lambda.send(new DeleteFunctionCommand({ FunctionName: 'my-function' })));
  // A common error, not in the Lambda model: the SDK names the exception by the error type it read.
  assert.equal(error.name, 'AccessDeniedException');
  assert.equal(error.$metadata.httpStatusCode, 403);
  assert.equal(
    error.message,
    `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:DeleteFunction on resource: ${ARN} because no identity-based policy allows the lambda:DeleteFunction action`,
  );
});

test('an unknown access key parses as UnrecognizedClientException, HTTP 403', async () => {
  const error = await sdkErrorFor(unrecognizedClient(), () => lambda.send(new ListFunctionsCommand({})));
  // Also a common error, named by its type.
  assert.equal(error.name, 'UnrecognizedClientException');
  assert.equal(error.$metadata.httpStatusCode, 403);
  assert.equal(error.message, 'The security token included in the request is invalid.');
});

test('a role Lambda cannot assume yet parses as InvalidParameterValueException, HTTP 400', async () => {
  const reply = invalidParameterValue('The role defined for the function cannot be assumed by Lambda.');
  const error = await sdkErrorFor(reply, () =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'f',
        Role: 'arn:aws:iam::123456789012:role/new',
        Code: { ZipFile: new Uint8Array([1]) },
      }),
    ),
  );
  assert.ok(error instanceof InvalidParameterValueException);
  assert.equal(error.$metadata.httpStatusCode, 400);
});

test('a reply as AWS sends it, written out byte for byte, parses the same as the helper builds it', async () => {
  // The wire form of a Lambda error as the API reference lays it out (status from the action's Errors section, the code
  // in X-Amzn-ErrorType, a JSON body with Type and message), with the developer guide's example function ARN.
  const recorded: FrontReply = {
    status: 409,
    headers: {
      'Content-Type': 'application/json',
      'X-Amzn-ErrorType': 'ResourceConflictException',
      'x-amzn-RequestId': '8d1ec8d1-6d5e-4a7b-9c1c-3f6f0e9b2a11',
    },
    body: `{"Type":"User","message":"The operation cannot be performed at this time. An update is in progress for resource: ${ARN}"}`,
  };
  const fromWire = await sdkErrorFor(recorded, () =>
    lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'my-function', ZipFile: new Uint8Array([1]) })),
  );
  const fromHelper = await sdkErrorFor(resourceConflict(ARN), () =>
    lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'my-function', ZipFile: new Uint8Array([1]) })),
  );
  assert.ok(fromWire instanceof ResourceConflictException);
  assert.deepEqual(
    [fromHelper.name, fromHelper.message, fromHelper.$metadata.httpStatusCode],
    [fromWire.name, fromWire.message, fromWire.$metadata.httpStatusCode],
  );
});

test('ListFunctions pages with NextMarker are followed by the SDK paginator to the last page', async () => {
  const fns = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ FunctionName: name }));
  front.rules.length = 0;
  front.rules.push({
    match: (r) => isCall(r, 'GET', /^\/2015-03-31\/functions\/?$/),
    reply: (r) => {
      const start = Number(new URL(r.url, 'http://x').searchParams.get('Marker') ?? 0);
      return functionsPage(fns.slice(start, start + 2), start + 2 < fns.length ? String(start + 2) : undefined);
    },
  });
  const names: string[] = [];
  for await (const page of paginateListFunctions({ client: lambda }, {}))
    names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
  assert.deepEqual(names, ['a', 'b', 'c', 'd', 'e']);
  const markers = front.requests
    .filter((r) => isCall(r, 'GET', /^\/2015-03-31\/functions\/?$/))
    .map((r) => new URL(r.url, 'http://x').searchParams.get('Marker'));
  assert.deepEqual(markers.slice(-3), [null, '2', '4']);
});
