/** Builds as templates describe them: esbuild bundles, makefile targets, unpacked code archives, source-mapped traces. */
export { BuildError } from './buildError';
export { defaultCacheDir } from './cacheDir';
export { esbuildPlan, type NodeBuildOverrides } from './esbuildOptions';
export { runMakefile, type MakefileRequest } from './makefileBuild';
export { mapErrorBody, mapStackText } from './mapStackTrace';
export { buildNode, type NodeBuild } from './nodeBuild';
export { makefileArtifacts, needsNodeBuild, prepareCode, type PreparedCode } from './prepareCode';
export { extractedArchive } from './archiveCode';
export { sourceMapOf, SourceMap } from './sourceMap';
