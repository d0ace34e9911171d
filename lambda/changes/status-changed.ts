import * as v from 'valibot';
import { RecipeStatusSchema } from '../contract/event-schema.ts';

// The detail of a `RecipeStatus.Changed` event (STATUS_CHANGED_DETAIL_TYPE), as consumers read it.

export const StatusChangedSchema = v.object({
  /** Stable across redeliveries of this change: a consumer deduplicates by it. */
  changeId: v.pipe(v.string(), v.nonEmpty()),
  recipeUid: v.string(),
  /** The status before the change; null for a recipe's first status. */
  previousStatus: v.nullable(RecipeStatusSchema),
  status: RecipeStatusSchema,
  deviceIdentityHash: v.string(),
  organizationUid: v.string(),
  parentCompanyUid: v.string(),
  /** When the causing event occurred, by the ordering rule (ISO 8601). */
  occurredAt: v.pipe(v.string(), v.isoTimestamp()),
  /** The signageOS event id (`detail.id`) of the event that caused the change. */
  eventId: v.string(),
  /** That event's order key: per recipe, a later live change has a greater one. */
  orderKey: v.string(),
  /** True when `recipe-status repair` moved the current record, which may move it back. */
  repair: v.boolean(),
  /** When the current record moved: the write's own time (recorded, or repaired). */
  changedAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type StatusChanged = v.InferOutput<typeof StatusChangedSchema>;
