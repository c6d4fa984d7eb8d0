import { join } from 'node:path';
import type * as AwsModule from './awsEntry';

/** What dist/aws.js exports. */
export type AwsModuleExports = typeof AwsModule;

let loaded: AwsModuleExports | undefined;

/**
 * The AWS part of the extension (the SDK, deploy, packaging), loaded the first time an AWS feature is used. It is
 * the separate bundle dist/aws.js beside dist/extension.js; the path is computed so the extension bundle leaves it out.
 */
export function loadAws(): AwsModuleExports {
  loaded ??= require(join(__dirname, 'aws.js')) as AwsModuleExports;
  return loaded;
}

/** Whether an AWS feature has been used yet (the SDK is loaded). */
export function isAwsLoaded(): boolean {
  return loaded !== undefined;
}
