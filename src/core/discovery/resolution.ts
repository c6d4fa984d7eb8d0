/**
 * What templates are resolved with besides their own text: the user's parameter overrides, region, account and
 * Serverless options, from CLI flags or editor settings. Every field is optional; what is missing takes the default
 * SAM CLI or the Serverless Framework would use.
 */
export interface ResolutionOptions {
  /**
   * SAM `--parameter-overrides`, parsed (see parseParameterOverrides), or the Parameters a parent stack passes to
   * a nested one: they win over parameter Defaults.
   */
  parameterOverrides?: Record<string, unknown>;
  /** The region `AWS::Region`, `AWS::Partition`, `AWS::URLSuffix` and Serverless's `${aws:region}` follow. */
  region?: string;
  /** The account of the chosen credentials (from STS); absent, the placeholder PLACEHOLDER_ACCOUNT_ID is used. */
  accountId?: string;
  /** `AWS::StackName`; default `local`, as in `sam local`. */
  stackName?: string;
  /** Serverless `--stage`, `--region` and any other `${opt:name}` values given on the command line. */
  options?: Record<string, string>;
  /** The environment `${env:NAME}` reads (default: none, so results never depend on an unseen variable). */
  env?: Record<string, string | undefined>;
}

/** The account id used when no credentials say which account it is (the one AWS documentation uses in examples). */
export const PLACEHOLDER_ACCOUNT_ID = '123456789012';

/** The region used when none is chosen: SAM's and the Serverless Framework's default. */
export const DEFAULT_REGION = 'us-east-1';

/**
 * Parses SAM's `--parameter-overrides` syntax: `Key=Value Key2='Value two'` and
 * `ParameterKey=Key,ParameterValue=Value` (both may be mixed, separated by spaces; quotes keep spaces in a value).
 * Throws a message naming the part it cannot read.
 */
export function parseParameterOverrides(text: string): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const token of splitWords(text)) {
    const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/s.exec(token);
    const short = long ? undefined : /^([A-Za-z0-9]+)=(.*)$/s.exec(token);
    const match = long ?? short;
    if (!match)
      throw new Error(
        `cannot read parameter override '${token}': expected Key=Value or ParameterKey=Key,ParameterValue=Value`,
      );
    overrides[match[1]] = match[2];
  }
  return overrides;
}

/** Splits on spaces outside single or double quotes, dropping the quotes. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote = '';
  let started = false;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in parameter overrides`);
  if (started) words.push(current);
  return words;
}

/** The partition of a region: aws-cn for China, aws-us-gov for GovCloud, aws elsewhere. */
export function partition(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}
