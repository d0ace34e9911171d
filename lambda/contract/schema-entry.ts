/**
 * `recipe-status/schema`: the package entry point for the event contract.
 * The Valibot schemas of `Device.ProvisioningRecipeStatusUpdated`, the types
 * inferred from them, and `parseRecipeStatusEvent`, which returns
 * `{ success: true, event, eventTimeMillis }` or `{ success: false, issues }`. And the change
 * event this component publishes: `StatusChangedSchema` (its JSON Schema is
 * schema/status-changed.schema.json), its source and detail type.
 */

export { type StatusChanged, StatusChangedSchema } from '../changes/status-changed.ts';
export { type RecipeStuckDetail, RecipeStuckDetailSchema } from '../stuck/stuck-event.ts';
export { PUBLISHED_EVENT_SOURCE, STATUS_CHANGED_DETAIL_TYPE } from './detail-types.ts';
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
