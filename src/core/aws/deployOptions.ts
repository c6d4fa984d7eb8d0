import { WorkbenchError } from '../errors';
import type { ApplyOptions } from './applyDeploy';
import type { PlanOptions } from './planDeploy';
import type { ConfigChange } from './types';

/** What a one-call deploy (`deployFunction`) needs besides the function: how to plan, answer and apply. */
export interface DeployOptions extends PlanOptions, ApplyOptions {
  /** Asked before creating an execution role for a new function that has none; nothing is created unless it returns true. */
  confirmCreateRole?: (roleName: string) => boolean | Promise<boolean>;
  /** Shown the configuration changes before anything is uploaded; the deploy stops unless it returns true. */
  confirmChanges?: (changes: ConfigChange[]) => boolean | Promise<boolean>;
  /** Replace a function Lambda Workbench did not deploy, and confirm runtime or handler changes and removed variables. */
  force?: boolean;
  /** Package, look up and diff, then stop before changing anything. */
  dryRun?: boolean;
  /** For messages and the role's partition. */
  profile?: string;
  endpoint?: string;
}

/** A deploy stopped by the user (AbortSignal or a declined confirmation) before anything was uploaded. */
export class DeployCancelledError extends WorkbenchError {
  constructor(message: string) {
    super('cancelled', message);
    this.name = 'DeployCancelledError';
  }
}
