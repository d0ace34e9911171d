/**
 * `recipe-status`: the package entry point for CDK apps. `RecipeStatus` is the
 * whole component as one construct; `RecipeStatusStack` wraps it in a stack
 * whose settings come as strings (`cdk deploy -c key=value`), read and checked
 * by `readSettings` and `parseSettings`.
 */
export { type IngestionProps, RecipeStatus, type RecipeStatusProps } from './recipe-status.ts';
export { RecipeStatusStack, type RecipeStatusStackProps } from './recipe-status-stack.ts';
export {
  type ParsedSettings,
  parseSettings,
  type RecipeStatusSettings,
  readSettings,
  SETTING_NAMES,
  SettingError,
} from './settings.ts';
