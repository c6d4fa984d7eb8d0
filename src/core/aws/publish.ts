import {
  CreateAliasCommand,
  GetAliasCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { Timing } from './types';
import { retryWhileConflict } from './waiters';

type Lambda = Pick<LambdaClient, 'send'>;

/**
 * Publishes the function's current code and configuration as a version. CodeSha256 makes Lambda refuse if the code
 * changed since it was uploaded; when nothing changed since the last version, Lambda returns that version.
 */
export async function publishVersion(
  lambda: Lambda,
  functionName: string,
  codeSha256: string,
  timing: Timing,
  revisionId?: string,
) {
  return retryWhileConflict(
    () =>
      lambda.send(
        new PublishVersionCommand({ FunctionName: functionName, CodeSha256: codeSha256, RevisionId: revisionId }),
      ),
    timing,
  );
}

/** Points an alias at a version, creating the alias when it does not exist yet. */
export async function pointAlias(
  lambda: Lambda,
  functionName: string,
  alias: string,
  version: string,
): Promise<{ arn?: string; created: boolean }> {
  let exists = true;
  try {
    await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    exists = false;
  }
  if (exists) {
    const updated = await lambda.send(
      new UpdateAliasCommand({ FunctionName: functionName, Name: alias, FunctionVersion: version }),
    );
    return { arn: updated.AliasArn, created: false };
  }
  const created = await lambda.send(
    new CreateAliasCommand({ FunctionName: functionName, Name: alias, FunctionVersion: version }),
  );
  return { arn: created.AliasArn, created: true };
}
