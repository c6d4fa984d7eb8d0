import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { WorkbenchError } from '../errors';
import { codeSha256, extractZip, MAX_UNZIPPED_BYTES } from '../packaging';

type Lambda = Pick<LambdaClient, 'send'>;

export interface DownloadOptions {
  qualifier?: string;
  /** Replace files that exist in the destination; without it nothing is written when any would be replaced. */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** How the code URL is fetched; the global fetch by default. */
  fetch?: typeof fetch;
}

export interface DownloadResult {
  functionName: string;
  destination: string;
  /** Relative paths written, forward slashes. */
  files: string[];
  codeSha256: string;
  warnings: string[];
}

/**
 * Downloads a function's deployment package (GetFunction's presigned Code.Location) and unpacks it into `destination`.
 * The presigned URL carries a signature, so it never appears in messages.
 */
export async function downloadCode(
  lambda: Lambda,
  functionName: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: functionName, Qualifier: options.qualifier }), {
    abortSignal: options.signal,
  });
  if (fn.Configuration?.PackageType === 'Image')
    throw new Error(`${functionName} is a container image function; there is no zip to download.`);
  const location = fn.Code?.Location;
  if (!location) throw new Error(`Lambda returned no code location for ${functionName}.`);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(location, { signal: options.signal });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    // Not kept as the cause: fetch's error names the presigned URL, signature and all; only its code is kept.
    throw new WorkbenchError(
      'aws',
      `Could not download the code of ${functionName} from ${new URL(location).host}${cause ? ` (${cause})` : ''}.`,
    );
  }
  if (!response.ok)
    throw new WorkbenchError(
      'aws',
      `Downloading the code of ${functionName} failed with HTTP ${response.status} from ${new URL(location).host}.`,
    );
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_UNZIPPED_BYTES)
    throw new Error(`The code of ${functionName} is ${declared} bytes, more than a Lambda package can be.`);
  const zip = Buffer.from(await response.arrayBuffer());
  const sha = codeSha256(zip);
  const warnings: string[] = [];
  const expected = fn.Configuration?.CodeSha256;
  if (expected && expected !== sha)
    warnings.push(`The downloaded zip's SHA-256 (${sha}) differs from the CodeSha256 Lambda reports (${expected}).`);
  const files = extractZip(zip, destination, { overwrite: options.overwrite });
  return { functionName, destination, files, codeSha256: sha, warnings };
}
