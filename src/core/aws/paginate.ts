import { paginateListRoles, type IAMClient, type Role } from '@aws-sdk/client-iam';
import {
  paginateListAliases,
  paginateListFunctions,
  paginateListVersionsByFunction,
  type AliasConfiguration,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';

// The SDK's paginators follow NextMarker / Marker themselves; the last argument goes to each page's `send`.

/** Page size asked for; Lambda returns at most 50 per page whatever is asked. */
const PAGE_SIZE = 50;

/** Every function of the region, all pages. */
export async function* listFunctions(
  lambda: LambdaClient,
  signal?: AbortSignal,
): AsyncGenerator<FunctionConfiguration> {
  for await (const page of paginateListFunctions({ client: lambda, pageSize: PAGE_SIZE }, {}, { abortSignal: signal }))
    yield* page.Functions ?? [];
}

/** Every version of a function ($LATEST included), all pages. */
export async function* listVersions(
  lambda: LambdaClient,
  functionName: string,
  signal?: AbortSignal,
): AsyncGenerator<FunctionConfiguration> {
  const pages = paginateListVersionsByFunction(
    { client: lambda, pageSize: PAGE_SIZE },
    { FunctionName: functionName },
    { abortSignal: signal },
  );
  for await (const page of pages) yield* page.Versions ?? [];
}

/** Every alias of a function, all pages. */
export async function* listAliases(
  lambda: LambdaClient,
  functionName: string,
  signal?: AbortSignal,
): AsyncGenerator<AliasConfiguration> {
  const pages = paginateListAliases(
    { client: lambda, pageSize: PAGE_SIZE },
    { FunctionName: functionName },
    { abortSignal: signal },
  );
  for await (const page of pages) yield* page.Aliases ?? [];
}

/** Every IAM role of the account, all pages (for choosing the execution role of a new function). */
export async function* listRoles(iam: IAMClient, signal?: AbortSignal): AsyncGenerator<Role> {
  for await (const page of paginateListRoles({ client: iam, pageSize: 100 }, {}, { abortSignal: signal }))
    yield* page.Roles ?? [];
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
