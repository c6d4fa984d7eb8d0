export { LaunchError } from './launchError';
export { renderError, errorLine, type RenderedError } from './renderError';
export {
  WorkbenchError,
  isWorkbenchError,
  isRefusalCode,
  type ErrorCode,
  type ErrorDetails,
  type ErrorLocation,
} from './workbenchError';
