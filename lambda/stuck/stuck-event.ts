import * as v from 'valibot';

// The detail of a RecipeStatus.Stuck event, as the detector puts it on the bus and a consumer reads it.

export const RecipeStuckDetailSchema = v.object({
  recipeUid: v.string(),
  status: v.literal('Pending'),
  /** `<recipeUid>#<eventId of the event that entered Pending>`: deduplicate on it. */
  episodeId: v.string(),
  /** When the episode's first Pending event occurred (ISO-8601). */
  pendingSince: v.string(),
  pendingForSeconds: v.number(),
  thresholdSeconds: v.number(),
  deviceIdentityHash: v.string(),
  organizationUid: v.string(),
  parentCompanyUid: v.string(),
  /** The current record's event: the latest Pending of the episode. */
  eventId: v.string(),
  orderKey: v.string(),
  detectedAt: v.string(),
});

export type RecipeStuckDetail = v.InferOutput<typeof RecipeStuckDetailSchema>;
