/**
 * Every command the extension contributes, in one place, with the argument each takes. package.json lists the
 * same ids; test/unit/extension/manifest.test.ts checks the two agree.
 */
export const Commands = {
  refresh: 'lambdaWorkbench.functions.refresh',
  createTemplate: 'lambdaWorkbench.functions.createTemplate',
  run: 'lambdaWorkbench.function.run',
  openHandler: 'lambdaWorkbench.function.openHandler',
  revealInTemplate: 'lambdaWorkbench.function.revealInTemplate',
  newEvent: 'lambdaWorkbench.events.new',
  runWithEvent: 'lambdaWorkbench.events.run',
  openEvent: 'lambdaWorkbench.events.open',
  deleteEvent: 'lambdaWorkbench.events.delete',
  stopInstances: 'lambdaWorkbench.runtime.stopInstances',
  showLogs: 'lambdaWorkbench.logs.show',
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

/** Optional extras of the run command: an event given directly skips the quick pick. */
export interface RunArg extends FunctionArg {
  /** The event as JSON text. */
  eventJson?: string;
  eventLabel?: string;
}

/** Tree nodes and lens arguments carry one of these; commands accept any object with a functionId. */
export function functionIdOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && typeof (arg as FunctionArg).functionId === 'string') return (arg as FunctionArg).functionId;
  return undefined;
}
