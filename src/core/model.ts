/**
 * The plain data that flows between discovery, the local runtime, packaging and deploy.
 * Everything here is serialisable (it crosses from the core to the editor and to the CLI as JSON).
 */

/** Where a function was found. */
export type FunctionSource = 'sam' | 'cloudformation' | 'serverless' | 'cdk' | 'handler';

export type Architecture = 'x86_64' | 'arm64';

/** Lambda's CloudWatch log formats (LoggingConfig.LogFormat). */
export type LogFormat = 'Text' | 'JSON';

/** A position in a file: 0-based line and column, like the editor's. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One event source of a function as a template declares it (`Events` in SAM, `events` in serverless.yml). */
export interface EventSourceSpec {
  /** The key of the event in the template (SAM), or `<type><index>` where the format has no names. */
  name: string;
  /** The SAM type: Api, HttpApi, S3, SQS, SNS, Schedule, ScheduleV2, DynamoDB, Kinesis, EventBridgeRule, CloudWatchLogs, WebSocket... */
  type: string;
  /** The event's properties as written (intrinsic functions left as `{ Ref: ... }` style objects). */
  properties: Record<string, unknown>;
  /**
   * The name of the resource the events come from, when the template declares it: for S3, the bucket's BucketName
   * when set as a plain string, else its logical id.
   */
  sourceName?: string;
  position?: SourcePosition;
}

/** One layer of a function, as the local runtime finds its content. */
export interface LayerSpec {
  /** How the function names it: a layer version ARN, or a local layer's logical id / serverless.yml name. */
  ref: string;
  /** A local layer's content folder (ContentUri, Content, serverless `path`, CDK asset). */
  contentDir?: string;
  /** The name deploy publishes a local layer under (LayerName, else the logical id / serverless name). */
  layerName?: string;
  /** `Metadata: BuildMethod` of a SAM layer (python3.12, nodejs20.x, makefile...). */
  buildMethod?: string;
  /** A layer version ARN (given by ARN, or a local layer's last published version). */
  arn?: string;
  /** Where the layer is declared, for diagnostics. */
  position?: SourcePosition;
}

/** How a function's code is built: `esbuild` and `makefile` as SAM's `Metadata.BuildMethod` says, the language builds. */
export type BuildMethod = 'esbuild' | 'makefile' | 'go' | 'python' | 'nodejs' | 'none';

/** What the template (or serverless.yml) says about building a function: one build serves Run, Debug and Deploy. */
export interface BuildSpec {
  method: BuildMethod;
  /**
   * The build's settings with SAM's names (`EntryPoints`, `External`, `Format`, `Minify`...), as written in
   * `Metadata.BuildProperties`; serverless-esbuild's `custom.esbuild` options are read into the same names.
   */
  properties: Record<string, unknown>;
  /** Who asked for the build, e.g. `Metadata.BuildMethod`, `serverless-esbuild`, `serverless-plugin-typescript`. */
  origin: string;
  /** Where the template says it, for messages about the build. */
  position?: SourcePosition;
}

/** Everything the local runtime, the tree and deploy need to know about one function. */
export interface FunctionSpec {
  /** Stable key: `<template path>#<logical id>`, or the handler file path for bare handlers. */
  id: string;
  /** The logical id in a template, the key in serverless.yml, or a name derived from the file. */
  name: string;
  /** `FunctionName` when the template sets one (what deploy creates); otherwise deploy uses `name`. */
  functionName?: string;
  source: FunctionSource;
  /** Absolute path of the template that declares it (absent for bare handlers). */
  templatePath?: string;
  /** Where in the template the resource starts. */
  templatePosition?: SourcePosition;
  /** e.g. nodejs20.x, python3.12, provided.al2023, go1.x. */
  runtime: string;
  /** Lambda handler string, e.g. `index.handler`, `src/app.lambdaHandler`, `app.lambda_handler`, `bootstrap`. */
  handler: string;
  /** Absolute directory that becomes LAMBDA_TASK_ROOT (SAM CodeUri). */
  codeDir: string;
  /** How the code is built, when the template says so (absent: run from codeDir as it is, TypeScript bundled). */
  build?: BuildSpec;
  /** Absolute path of a `.zip` the code comes from (a zip CodeUri, CDK zip asset, serverless `package.artifact`). */
  codeArchive?: string;
  /** The source file that defines the handler (the .ts file for TypeScript), when it was found. */
  handlerFile?: string;
  /** 0-based line of the handler's definition in handlerFile. */
  handlerLine?: number;
  /** MB, 128 to 10240. */
  memorySize: number;
  /** Seconds, 1 to 900. */
  timeout: number;
  environment: Record<string, string>;
  architectures: Architecture[];
  /** Layer ARNs (or local layers' logical ids) as the template lists them, for deploy. */
  layers: string[];
  /** The same layers, in order, with where each one's content is locally (what the local runtime mounts as /opt). */
  layerSources?: LayerSpec[];
  /** ReservedConcurrentExecutions from the template: the most instances that may run at once. */
  reservedConcurrency?: number;
  /** ProvisionedConcurrencyConfig: instances kept warm. */
  provisionedConcurrency?: number;
  /** Aliases the template declares (AutoPublishAlias, AWS::Lambda::Alias): the qualifiers Invoke accepts besides $LATEST and versions. */
  aliases?: string[];
  /** TenancyConfig with TenantIsolationMode PER_TENANT: every invoke names a tenant, and each tenant gets its own instances. */
  tenantIsolation?: boolean;
  logFormat: LogFormat;
  /** IAM role ARN from the template, when it is a literal. */
  role?: string;
  description?: string;
  events: EventSourceSpec[];
  /**
   * Set for a function of a nested stack (`AWS::Serverless::Application`, `AWS::CloudFormation::Stack`): the stack
   * resources' logical ids from the root template down; `name` is then `<path>/<logical id>`, e.g. `Orders/Handler`.
   */
  nestedStack?: { path: string[]; rootTemplate: string };
  /** The function's URL (SAM FunctionUrlConfig, AWS::Lambda::Url, serverless.yml `url`), served locally on its own port. */
  url?: FunctionUrlSpec;
}

/** A Lambda function URL as a template declares it. */
export interface FunctionUrlSpec {
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  /** `Cors` as written (AllowOrigins, AllowMethods, AllowHeaders, ExposeHeaders, MaxAge, AllowCredentials). */
  cors?: Record<string, unknown>;
  /** Who declares it: `FunctionUrlConfig`, the logical id of an AWS::Lambda::Url, or `url` in serverless.yml. */
  declaredBy: string;
  position?: SourcePosition;
}

/** Defaults Lambda applies when a template is silent. */
export const LAMBDA_DEFAULTS = {
  memorySize: 128,
  timeout: 3,
  architecture: 'x86_64' as Architecture,
  logFormat: 'Text' as LogFormat,
};

/** A problem found while reading the workspace: shown in the Problems panel and by the CLI. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Lambda's payload limit for synchronous invocations, request and response alike (6 MB). */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Lambda's payload limit for asynchronous (Event) invocations. */
export const MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;
