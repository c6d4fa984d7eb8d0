import type { FunctionSpec } from '../core/model';
import { functionIdOf, type RunArg } from './commandIds';
import { eventStoreFor } from './events/eventStoreFor';
import { ensureTrusted, pickFunctionId } from './guard';
import { eventError, pickEvent, type ChosenEvent } from './run/eventPicker';
import type { Workbench } from './workbench';

/** How a command about one function finds its function and event. */
export interface TargetOptions {
  /** The command's verb, as messages name it ("Run", "Deploy"). */
  action: string;
  /** The title of the function pick, when no function was given. */
  pickTitle: string;
  /** The action is on AWS rather than a local run (the trust refusal says so). */
  remote?: boolean;
  /** `pick`: the event the argument carries, else asked; `given`: only the event the argument carries; `none`. */
  event: 'pick' | 'given' | 'none';
  /** Checked after trust and before any question (is AWS set up?); throws a refusal. */
  before?: () => Promise<void>;
  /** Checked once the function is known, before its event is asked (is its debugger installed?); throws a refusal. */
  check?: (fn: FunctionSpec) => void;
}

/** The function a command acts on, and its event when asked for one. */
export interface CommandTarget {
  fn: FunctionSpec;
  event?: ChosenEvent;
}

/**
 * The preamble every command about one function shares: checks trust, takes the function from the argument or
 * asks, finds it, takes the event from the argument or asks, and checks that the event is JSON. Each refusal is
 * thrown (the guarded command shows it); undefined when the user dismissed a pick.
 */
export async function commandTarget(
  workbench: Workbench,
  arg: unknown,
  options: TargetOptions,
): Promise<CommandTarget | undefined> {
  ensureTrusted(options.action, options.remote);
  await options.before?.();
  // A command run just after the window opened waits for the first discovery rather than finding no function.
  await workbench.functions.start();
  const id = functionIdOf(arg) ?? (await pickFunctionId(workbench.functions.functions, options.pickTitle));
  if (!id) return undefined;
  const fn = workbench.requireFunction(id);
  options.check?.(fn);
  if (options.event === 'none') return { fn };
  const given = arg as Partial<RunArg>;
  const event: ChosenEvent | undefined =
    given.eventJson !== undefined
      ? { label: given.eventLabel ?? 'event', json: given.eventJson }
      : options.event === 'pick'
        ? await pickEvent(fn, eventStoreFor(workbench, fn), workbench.context.workspaceState)
        : undefined;
  if (options.event === 'pick' && !event) return undefined;
  const error = event && eventError(event);
  if (error) throw error;
  return { fn, event };
}
