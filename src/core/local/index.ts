/**
 * Event sources served locally: API Gateway (REST, HTTP and WebSocket APIs) and schedules.
 * Asynchronous invocation (retries, destinations) lives in ../async.
 */
export { startApi, type LocalApi, type RouteInfo, type StartApiOptions } from './apiGateway/server';
export { templateApiSettings, type ApiSettings } from './apiGateway/apiSettings';
export { MANAGEMENT_ENDPOINT_VARIABLE } from './webSocket/gateway';
export { webSocketRoutesFor, type WebSocketRouteSpec } from './webSocket/webSocketRoutes';
export { parseScheduleExpression, nextFireTimes } from './schedule/scheduleExpression';
export { schedulesOf, scheduledEvent, type ScheduleSpec } from './schedule/schedules';
export {
  startSchedules,
  fireSchedule,
  type RunningSchedules,
  type ScheduleFire,
  type StartSchedulesOptions,
} from './schedule/scheduler';
