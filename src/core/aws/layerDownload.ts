import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetLayerVersionByArnCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { codeSha256, extractZip } from '../packaging';

type Lambda = Pick<LambdaClient, 'send'>;

/** The region a layer version ARN lives in (`arn:aws:lambda:<region>:<account>:layer:<name>:<version>`). */
export function layerRegion(arn: string): string | undefined {
  return /^arn:aws[\w-]*:lambda:([a-z0-9-]+):\d{12}:layer:[\w-]+:\d+$/.exec(arn)?.[1];
}

/**
 * Downloads a layer version (GetLayerVersionByArn's presigned Content.Location) and extracts it into the cache, once:
 * a later call finds it there. Throws with a reason a user can act on (no credentials, access denied, not found...).
 */
export async function downloadLayer(
  lambda: Lambda,
  arn: string,
  cacheDir: string,
  doFetch: typeof fetch = fetch,
): Promise<string> {
  const dest = join(cacheDir, 'remote-layers', arn.replace(/[^\w.-]+/g, '_'));
  if (existsSync(join(dest, '.lambda-workbench-layer'))) return dest;
  let location: string | undefined;
  let expected: string | undefined;
  try {
    const answer = await lambda.send(new GetLayerVersionByArnCommand({ Arn: arn }));
    location = answer.Content?.Location;
    expected = answer.Content?.CodeSha256;
  } catch (error) {
    const e = error as Error;
    throw new Error(`GetLayerVersionByArn failed (${e.name}: ${e.message})`, { cause: error });
  }
  if (!location) throw new Error('Lambda returned no download location for it');
  const response = await doFetch(location).catch((error: Error & { cause?: { code?: string } }) => {
    throw new Error(
      `its content could not be downloaded from ${new URL(location!).host} (${error.cause?.code ?? error.message})`,
    );
  });
  if (!response.ok)
    throw new Error(`downloading its content failed with HTTP ${response.status} from ${new URL(location).host}`);
  const zip = Buffer.from(await response.arrayBuffer());
  if (expected && codeSha256(zip) !== expected)
    throw new Error(`the downloaded zip's SHA-256 differs from the CodeSha256 Lambda reports (${expected})`);
  const partial = `${dest}.partial`;
  await rm(partial, { recursive: true, force: true });
  extractZip(zip, partial, { overwrite: true });
  await writeFile(join(partial, '.lambda-workbench-layer'), arn);
  await rm(dest, { recursive: true, force: true });
  await rename(partial, dest);
  return dest;
}

/** A fetcher for the local runtime: one Lambda client per region, the SDK's default credential chain unless given. */
export function layerFetcher(
  cacheDir: string,
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): (arn: string) => Promise<string> {
  const clients = new Map<string, LambdaClient>();
  return (arn) => {
    const region = layerRegion(arn);
    if (!region)
      return Promise.reject(
        new Error('it is not a layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)'),
      );
    let client = clients.get(region);
    if (!client) {
      client = new LambdaClient({ region, ...(credentials ? { credentials } : {}) });
      clients.set(region, client);
    }
    return downloadLayer(client, arn, cacheDir);
  };
}
