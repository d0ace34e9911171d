/**
 * `recipe-status`: the package entry point for CDK apps. `RecipeStatus` is the
 * whole component as one construct; `RecipeStatusStack` wraps it in a stack
 * whose settings come as strings (`cdk deploy -c key=value`), read and checked
 * by `readSettings` and `parseSettings`.
 */
export type { StatusAlarmThresholds } from './alarms.ts';
export {
  type ChangeNotification,
  type ChangeNotifications,
  statusChangePattern,
} from './changes/change-notifications.ts';
export { ChangePublisher } from './changes/change-publisher.ts';
export type { FunctionSizing } from './node-function.ts';
export {
  type IngestionProps,
  RecipeStatus,
  type RecipeStatusProps,
  type StatusFunctionProps,
} from './recipe-status.ts';
export { RecipeStatusStack, type RecipeStatusStackProps } from './recipe-status-stack.ts';
export {
  type ParsedSettings,
  parseSettings,
  type RecipeStatusSettings,
  readSettings,
  SETTING_NAMES,
  SettingError,
} from './settings.ts';
