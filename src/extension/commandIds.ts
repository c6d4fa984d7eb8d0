/**
 * Every command the extension contributes, in one place, with the argument each takes. package.json lists the
 * same ids; test/unit/extension/manifest.test.ts checks the two agree.
 */
export const Commands = {
  refresh: 'lambdaWorkbench.functions.refresh',
  createTemplate: 'lambdaWorkbench.functions.createTemplate',
  run: 'lambdaWorkbench.function.run',
  debug: 'lambdaWorkbench.function.debug',
  openHandler: 'lambdaWorkbench.function.openHandler',
  revealInTemplate: 'lambdaWorkbench.function.revealInTemplate',
  newEvent: 'lambdaWorkbench.events.new',
  runWithEvent: 'lambdaWorkbench.events.run',
  openEvent: 'lambdaWorkbench.events.open',
  deleteEvent: 'lambdaWorkbench.events.delete',
  acceptResult: 'lambdaWorkbench.tests.acceptResult',
  newTestFromTemplate: 'lambdaWorkbench.tests.newFromTemplate',
  stopInstances: 'lambdaWorkbench.runtime.stopInstances',
  showLogs: 'lambdaWorkbench.logs.show',
  apiStart: 'lambdaWorkbench.api.start',
  apiStop: 'lambdaWorkbench.api.stop',
  apiActions: 'lambdaWorkbench.api.actions',
  scheduleFire: 'lambdaWorkbench.schedule.fire',
  scheduleStart: 'lambdaWorkbench.schedule.start',
  scheduleStop: 'lambdaWorkbench.schedule.stop',
  invokeAsync: 'lambdaWorkbench.function.invokeAsync',
  openAsyncRecords: 'lambdaWorkbench.async.openRecords',
  deploy: 'lambdaWorkbench.function.deploy',
  selectAwsProfile: 'lambdaWorkbench.aws.selectProfile',
  remoteRefresh: 'lambdaWorkbench.remote.refresh',
  remoteInvoke: 'lambdaWorkbench.remote.invoke',
  remoteTailLogs: 'lambdaWorkbench.remote.tailLogs',
  remoteStopTailLogs: 'lambdaWorkbench.remote.stopTailLogs',
  remoteDownload: 'lambdaWorkbench.remote.download',
  remoteCopyArn: 'lambdaWorkbench.remote.copyArn',
  remoteOpenConsole: 'lambdaWorkbench.remote.openConsole',
  remoteDelete: 'lambdaWorkbench.remote.delete',
} as const;

/** What commands about one function take: plain data, so code lenses, tree items and tests can all pass it. */
export interface FunctionArg {
  functionId: string;
}

/** A saved test event of a function. */
export interface SavedEventArg extends FunctionArg {
  eventName: string;
  path: string;
}

/**
 * `lambdaWorkbench.tests.newFromTemplate`: answers given by scripts and the editor's tests instead of asked; `record`
 * answers the confirmation before the result is recorded as the expected one.
 */
export interface NewTestArg extends FunctionArg {
  templateId?: string;
  eventName?: string;
  record?: boolean;
}

/** Optional extras of the run command: an event given directly skips the quick pick. */
export interface RunArg extends FunctionArg {
  /** The event as JSON text. */
  eventJson?: string;
  eventLabel?: string;
}

/**
 * Answers to the deploy command's questions, given in its argument (by scripts and the editor's tests) instead of
 * asked. A question whose answer is missing is asked as usual.
 */
export interface DeployAnswers {
  /** The role of a new function: `template` (the template's Role), `create` (a new execution role), or a role ARN. */
  role?: 'template' | 'create' | string;
  /** Apply the configuration changes shown before the upload (true), or stop (false). */
  applyChanges?: boolean;
  /** Replace a function of that name that Lambda Workbench did not deploy (true), or stop (false). */
  overwrite?: boolean;
  /** Package code that lies outside the workspace folders (true), or stop (false). */
  packageOutside?: boolean;
  /** Publish a version after the update. */
  publish?: boolean;
  /** Point this alias at the published version (implies publish). */
  alias?: string;
}

/** `lambdaWorkbench.function.deploy`: a workspace function, optionally with the answers to its questions. */
export interface DeployArg extends FunctionArg {
  answers?: DeployAnswers;
}

/** What the commands on the Deployed tree take: a deployed function, or one of its versions or aliases. */
export interface RemoteFunctionArg {
  functionName: string;
  /** A version number or alias name; `$LATEST` when absent. */
  qualifier?: string;
  functionArn?: string;
}

/** `lambdaWorkbench.remote.invoke`: an event given directly (JSON text) skips the event quick pick. */
export interface RemoteInvokeArg extends RemoteFunctionArg {
  eventJson?: string;
  eventLabel?: string;
}

/** `lambdaWorkbench.remote.download`: a destination folder given directly skips the folder dialog. */
export interface RemoteDownloadArg extends RemoteFunctionArg {
  destination?: string;
  /** Replace existing files without asking (true), or refuse (false). */
  overwrite?: boolean;
}

/** `lambdaWorkbench.remote.delete`: `confirmed: true` skips the modal confirmation. */
export interface RemoteDeleteArg extends RemoteFunctionArg {
  confirmed?: boolean;
}

/** Tree nodes and lens arguments carry one of these; commands accept any object with a functionId. */
export function functionIdOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && typeof (arg as FunctionArg).functionId === 'string')
    return (arg as FunctionArg).functionId;
  return undefined;
}
