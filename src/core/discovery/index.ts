/**
 * Workspace discovery: SAM/CloudFormation templates, serverless.yml, CDK output and bare handlers → FunctionSpec.
 */
export { discoverWorkspace, applyFileChange, type DiscoveryResult, type DiscoveryOptions } from './workspace';
export { discoverWorkspaceInWorker } from './discoverInWorker';
export { discoverFile, classifyFile, type FileDiscovery, type FileKind } from './discoverFile';
export { findHandlerDefinitions, languageOf, type HandlerDefinition, type HandlerLanguage } from './handlerDefinitions';
export { resolveHandlerSource, type HandlerHints } from './resolveHandler';
export { findFunction } from './findFunction';
export { SKIPPED_FOLDERS, DEFAULT_MAX_FILES } from './walkWorkspace';
export { SUPPORTED_RUNTIMES, DEPRECATED_RUNTIMES } from './validate';
export { BARE_RUNTIMES, isTestFile } from './bareHandlers';
export { parseParameterOverrides, DEFAULT_REGION, PLACEHOLDER_ACCOUNT_ID, type ResolutionOptions } from './resolution';
