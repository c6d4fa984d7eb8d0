/**
 * The entry of dist/aws.js: everything the editor needs from the AWS side, built as its own bundle and required on
 * first use (see loadAws.ts), so the AWS SDK is neither loaded nor parsed when the extension activates.
 */
export { createAwsSession } from '../../core/aws';
export { ExtractConflictError } from '../../core/packaging';
export { layerFetcher } from '../../core/aws/layerDownload';
