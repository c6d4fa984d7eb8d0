/** Test events: templates of the shapes AWS services send, saved events per function, env.json overrides. */
export { eventTemplates, eventTemplate, type EventTemplate } from './templates';
export { SAM_EVENT_NAMES, samEventTemplate } from './samEventNames';
export {
  EventStore,
  DEFAULT_EVENTS_ROOT,
  EXPECTED_SUFFIX,
  isEventFile,
  sanitizeName,
  type SavedEvent,
} from './eventStore';
export { eventsBaseFor, workspaceEventsFor } from './eventLocation';
export { migrateLegacyEvents, LEGACY_EVENTS_ROOT } from './migrateEvents';
export { parseEventJson, locateJsonError, type ParseEventResult, type JsonSyntaxError } from './parseEventJson';
export { loadEnvOverrides, environmentFor, type EnvOverrides, type EnvironmentResult } from './envOverrides';
