import {
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  type AliasConfiguration,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { ListRolesCommand, type IAMClient, type Role } from '@aws-sdk/client-iam';

type Lambda = Pick<LambdaClient, 'send'>;

/** Page size asked for; Lambda returns at most 50 per page whatever is asked. */
const PAGE_SIZE = 50;

/** Every function of the region, following NextMarker through all pages. */
export async function* listFunctions(lambda: Lambda, signal?: AbortSignal): AsyncGenerator<FunctionConfiguration> {
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: PAGE_SIZE }), { abortSignal: signal });
    yield* page.Functions ?? [];
    marker = page.NextMarker;
  } while (marker);
}

/** Every version of a function ($LATEST included), all pages. */
export async function* listVersions(lambda: Lambda, functionName: string, signal?: AbortSignal): AsyncGenerator<FunctionConfiguration> {
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker, MaxItems: PAGE_SIZE }), {
      abortSignal: signal,
    });
    yield* page.Versions ?? [];
    marker = page.NextMarker;
  } while (marker);
}

/** Every alias of a function, all pages. */
export async function* listAliases(lambda: Lambda, functionName: string, signal?: AbortSignal): AsyncGenerator<AliasConfiguration> {
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListAliasesCommand({ FunctionName: functionName, Marker: marker, MaxItems: PAGE_SIZE }), { abortSignal: signal });
    yield* page.Aliases ?? [];
    marker = page.NextMarker;
  } while (marker);
}

/** Every IAM role of the account, all pages (for choosing the execution role of a new function). */
export async function* listRoles(iam: Pick<IAMClient, 'send'>, signal?: AbortSignal): AsyncGenerator<Role> {
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 100 }), { abortSignal: signal });
    yield* page.Roles ?? [];
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
