/**
 * `recipe-status`: the package entry point for CDK apps. `RecipeStatus` is the
 * whole component as one construct; `RecipeStatusStack` wraps it in a stack
 * whose settings come as strings (`cdk deploy -c key=value`).
 */
export { type IngestionProps, RecipeStatus, type RecipeStatusProps } from './recipe-status.ts';
export {
  type RecipeStatusSettings,
  RecipeStatusStack,
  type RecipeStatusStackProps,
  SETTING_NAMES,
  SettingError,
} from './recipe-status-stack.ts';
