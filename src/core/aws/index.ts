/**
 * Everything against AWS: deploy, the remote tree's calls, remote invoke, logs, code download. The editor loads this
 * module on first use (`await import(...)`), so the AWS SDK costs nothing at start-up; `createAwsSession` is the facade.
 */
export { createAwsSession, type AwsSession, type Identity, type LogsOptions } from './session';
export { createClients, describeEndpoint, type AwsClients, type AwsSessionOptions } from './clients';
export { deployFunction, planDeployment, applyDeployment, dryRunResult } from './deploy';
export { DeployCancelledError, type DeployOptions } from './deployOptions';
export {
  MANAGED_TAG,
  questionOf,
  type DeployPlan,
  type DeployQuestion,
  type DeployAnswers as DeployPlanAnswers,
  type LayerChange,
  type EnvironmentChange,
} from './deployPlan';
export type { PlanOptions } from './planDeploy';
export type { ApplyOptions } from './applyDeploy';
export { diffConfiguration, configurationUpdate, environmentChange } from './configDiff';
export { AwsError, toAwsError, redact, type AwsErrorKind, type AwsErrorContext } from './errors';
export { listFunctions, listVersions, listAliases, listRoles, collect } from './paginate';
export { invokeRemote, parseReport, type RemoteInvokeOptions } from './remoteInvoke';
export { fetchLogs, tailLogs, logGroupOf, type RemoteLogLine, type LogQuery, type TailOptions } from './logs';
export { downloadCode, type DownloadOptions, type DownloadResult } from './download';
export { createExecutionRole, executionRoleName, LAMBDA_TRUST_POLICY } from './role';
export { waitUntilActive, waitUntilUpdated, retryWhileConflict } from './waiters';
export { DEFAULT_TIMING, type ConfigChange, type DeployResult, type Step, type Timing } from './types';
