import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../model';
import type { FunctionPackage } from '../build';
import type { ConfigChange } from './types';

/** The tag put on every function Lambda Workbench creates: a function without it is someone else's. */
export const MANAGED_TAG = 'lambda-workbench:managed';

/** A layer of the function after the deploy, or one it loses. */
export interface LayerChange {
  arn: string;
  change: 'add' | 'remove' | 'keep';
}

/** Names of environment variables (never values: they may be secrets). */
export interface EnvironmentChange {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * Something a front end must ask before `applyDeploy`. `required` questions need an explicit yes from the user
 * (`--force` or an answer at a prompt in the CLI, a modal in the editor); the others only stop the deploy when
 * answered no, so a front end asks them when the user wants to confirm each deploy (`--confirm`).
 */
export type DeployQuestion =
  | { kind: 'role'; required: true; message: string; roleName: string }
  | { kind: 'overwrite'; required: true; message: string }
  | { kind: 'changes'; required: boolean; message: string; reasons: string[] };

/** The answers `applyDeploy` takes. */
export interface DeployAnswers {
  /** For a new function without a role: a role ARN, or `create` for a new execution role (AWSLambdaBasicExecutionRole). */
  role?: string;
  /** Replace a function Lambda Workbench did not deploy. */
  overwrite?: boolean;
  /** Upload the code and apply the configuration changes the plan lists. */
  applyChanges?: boolean;
}

/**
 * What a deploy will do, decided by one lookup of the function and before anything changes: create it, update it
 * (and what: code, runtime, handler, environment, memory, timeout, role, layers, architectures), or nothing. Every
 * front end shows this plan, collects the answers to `questions`, then calls `applyDeploy`.
 */
export interface DeployPlan {
  functionName: string;
  fn: FunctionSpec;
  pkg: FunctionPackage;
  action: 'create' | 'update' | 'unchanged';
  /** The function as the lookup found it; absent for `create`. */
  remote?: FunctionConfiguration;
  /** Whether the existing function carries MANAGED_TAG (always true for `create`). */
  managed: boolean;
  /** Whether the deployed CodeSha256 differs from the package's (always true for `create`). */
  codeChanged: boolean;
  /** Configuration differences of an existing function. */
  changes: ConfigChange[];
  environment: EnvironmentChange;
  /** The layers the function will have, in order, and those it loses. A step that publishes layers adds its versions here. */
  layers: LayerChange[];
  /** The role a new function gets without asking (the one given, else the template's), and the role it would create. */
  role: { arn?: string; createName: string };
  questions: DeployQuestion[];
  warnings: string[];
}

/** The first question of `kind` in the plan, if any. */
export function questionOf<K extends DeployQuestion['kind']>(
  plan: DeployPlan,
  kind: K,
): Extract<DeployQuestion, { kind: K }> | undefined {
  return plan.questions.find((q): q is Extract<DeployQuestion, { kind: K }> => q.kind === kind);
}
