// The package entry point for CDK apps: the construct, the stack around it, and the types of their members (docs/package.md).
export { type AlarmOptions, absent, atLeast, functionCount, SUSTAINED } from './alarms/alarm-options.ts';
export { type AlarmSeverity, Alarms, type AlarmsProps } from './alarms/alarms.ts';
export type { IngestionAlarmProps } from './alarms/ingestion-alarms.ts';
export type { StatusAlarmThresholds } from './alarms/status-alarms.ts';
export {
  type ChangeNotification,
  type ChangeNotifications,
  statusChangePattern,
} from './changes/change-notifications.ts';
export { ChangePublisher } from './changes/change-publisher.ts';
export { IngestionEndpoint, type IngestionEndpointProps } from './functions/ingestion-endpoint.ts';
export { type FunctionSizing, NodeFunction, type NodeFunctionProps } from './functions/node-function.ts';
export {
  type IngestionProps,
  RecipeStatus,
  type RecipeStatusProps,
  type StatusFunctionProps,
} from './recipe-status.ts';
export { COMPONENT_TAG } from './recipe-status-props.ts';
export { RecipeStatusStack, type RecipeStatusStackProps } from './recipe-status-stack.ts';
export {
  type ParsedSettings,
  parseSettings,
  type RecipeStatusSettings,
  readSettings,
  SETTING_BOUNDS,
  SETTING_NAMES,
  SettingError,
} from './settings/settings.ts';
