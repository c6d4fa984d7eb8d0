/** What deployment packages are made of: deterministic zips, Go cross-builds, Python dependencies, size limits. */
export { buildGo, goBuildFlags, type GoBuildRequest, type GoBuildResult } from './goBuild';
export { goPackageEntries, type GoBuildOptions } from './goPackage';
export { goMainPackage } from './goSources';
export { collectFiles, SKIPPED_FOLDERS, type CollectOptions } from './collectFiles';
export { writeZip, type ZipEntry } from './zipWriter';
export { readZip, type ZipFileEntry } from './zipReader';
export { extractZip, ExtractConflictError, type ExtractOptions } from './zipExtract';
export {
  checkPackageLimits,
  codeSha256,
  formatBytes,
  PackageLimitError,
  MAX_DIRECT_UPLOAD_BYTES,
  MAX_UNZIPPED_BYTES,
} from './limits';
/** CRC-32 as zip uses it: Node's own (zlib.crc32, Node 20.15 and later). */
export { crc32 } from 'node:zlib';
export { PackagingError } from './errors';
export { splitHandler, nodeMajor, type HandlerParts } from './handlerPath';
export {
  installPythonDependencies,
  type PythonDependencies,
  type PythonDependenciesRequest,
} from './pythonDependencies';
export { pipInstallArgs, readPythonManifest, type PythonManifest, type PythonTarget } from './pythonRequirements';
export { pythonPackageEntries, type PythonPackageOptions } from './pythonPackage';
export { codeOutsideWorkspace } from './codeLocation';
