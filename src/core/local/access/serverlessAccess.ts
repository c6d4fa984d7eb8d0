import type { EventSourceSpec } from '../../model';
import { isRecord } from '../cfnTemplate';

/**
 * What a serverless.yml `http`/`httpApi` event asks of API Gateway: `private: true` (REST) needs an API key,
 * `authorizer: aws_iam` (or `{ type: aws_iam }`) a SigV4 signature.
 */
export function serverlessEventAccess(event: EventSourceSpec): { iam: boolean; apiKeyRequired: boolean } {
  const authorizer = event.properties.authorizer;
  const type = isRecord(authorizer) ? (authorizer.type ?? authorizer.name) : authorizer;
  return {
    iam: typeof type === 'string' && type.toLowerCase() === 'aws_iam',
    apiKeyRequired: event.type === 'Api' && event.properties.private === true,
  };
}
