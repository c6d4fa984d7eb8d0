/**
 * Builds as templates describe them: esbuild bundles, makefile targets, unpacked code archives, and the deployment
 * package a function's code becomes.
 */
export { BuildError } from './buildError';
export { defaultCacheDir } from './cacheDir';
export { esbuildPlan, type NodeBuildOverrides } from './esbuildOptions';
export { runMakefile, type MakefileRequest } from './makefileBuild';
export { buildNode, type NodeBuild } from './nodeBuild';
export { bundleNode, type NodeBundle, type NodeBundleOptions } from './nodeBundle';
export { packageFunction, type FunctionPackage, type PackageKind, type PackageOptions } from './packageFunction';
export { makefileArtifacts, needsNodeBuild, prepareCode, type PreparedCode } from './prepareCode';
export { extractedArchive } from './archiveCode';
export { sourceMapOf, SourceMap } from './sourceMap';
