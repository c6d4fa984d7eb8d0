import { layerFetcher } from '../core/aws/layerDownload';
import { LocalRuntime, type LocalRuntimeOptions } from '../core/runtime/localRuntime';

/** The local runtime of a CLI command: the CLI bundles the AWS SDK, so layers given by ARN are fetched with it. */
export function cliRuntime(options: LocalRuntimeOptions): LocalRuntime {
  return new LocalRuntime({ layerFetcher, ...options });
}
