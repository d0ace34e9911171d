/**
 * `recipe-status/schema`: the package entry point for the event contract.
 * The Valibot schemas of `Device.ProvisioningRecipeStatusUpdated`, the types
 * inferred from them, and `parseRecipeStatusEvent`, which returns
 * `{ success: true, event }` or `{ success: false, issues }`.
 */

export { type RecipeStuckDetail, RecipeStuckDetailSchema } from '../stuck/stuck-event.ts';
export {
  describeIssue,
  EVENT_TYPE,
  MAX_KEY_LENGTH,
  OriginatorSchema,
  OwnerSchema,
  type ParseResult,
  parseRecipeStatusEvent,
  RECIPE_STATUSES,
  type RecipeStatus,
  type RecipeStatusDelivery,
  RecipeStatusDeliverySchema,
  type RecipeStatusEvent,
  RecipeStatusEventSchema,
  RecipeStatusPayloadSchema,
  RecipeStatusSchema,
  type ValidationIssue,
} from './event-schema.ts';
