import type { FunctionSpec } from '../model';
import type { FunctionPackage, PackageOptions } from '../packaging';
import type { AwsClients } from './clients';
import type { ConfigChange, Step, Timing } from './types';

/** What a deploy needs besides the function. */
export interface DeployOptions {
  /** The deployed name; `fn.functionName ?? fn.name` otherwise. */
  functionName?: string;
  /** Role ARN for a new function, over the template's. */
  role?: string;
  /** Asked before creating an execution role for a new function that has none; nothing is created unless it returns true. */
  confirmCreateRole?: (roleName: string) => boolean | Promise<boolean>;
  /** Shown the configuration changes before anything is uploaded; the deploy stops unless it returns true. */
  confirmChanges?: (changes: ConfigChange[]) => boolean | Promise<boolean>;
  /** Publish a version after the update. */
  publish?: boolean;
  /** Point this alias at the published version (implies publish). */
  alias?: string;
  /** Package, look up and diff, then stop before changing anything. */
  dryRun?: boolean;
  /** The RevisionId the user last saw (e.g. in the editor's tree); the one read at lookup otherwise. */
  expectedRevisionId?: string;
  onStep?: (step: Step) => void;
  /** Honoured until the upload starts; the upload and what follows are never interrupted half way. */
  signal?: AbortSignal;
  /** How to package, or an already built package. */
  packaging?: PackageOptions;
  prebuilt?: FunctionPackage;
  timing?: Partial<Timing>;
  /** For messages and the role's partition. */
  region?: string;
  profile?: string;
  endpoint?: string;
}

/** A deploy stopped by the user (AbortSignal or a declined confirmation) before anything was uploaded. */
export class DeployCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployCancelledError';
  }
}

/** Everything the steps of one deploy share. */
export interface DeployContext {
  clients: AwsClients;
  fn: FunctionSpec;
  functionName: string;
  options: DeployOptions;
  timing: Timing;
  pkg: FunctionPackage;
  step: (step: Step) => void;
  checkCancelled: () => void;
  /** Names the call under way (and what it acts on, when not the function) for error messages. */
  setAction: (action: string, resource?: string) => void;
}
