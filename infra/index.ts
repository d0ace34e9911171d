// The package entry point for CDK apps: the construct, the stack around it, and the types of their members (docs/package.md).
export type { StatusAlarmThresholds } from './alarms/status-alarms.ts';
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
