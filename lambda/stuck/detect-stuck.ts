import type { RecipeStatusQueries } from '../store/queries/queries.ts';
import { findStuckRecipes, type StuckRecipe } from './find-stuck.ts';
import type { RecipeStuckDetail } from './stuck-event.ts';
import type { StuckMarkers } from './stuck-markers.ts';

// One run of the detector: find the episodes past the threshold, put each new one on the bus, remember it.

export interface StuckPublisher {
  /** Puts the events; answers, per event, whether it was put. */
  publish(details: readonly RecipeStuckDetail[]): Promise<boolean[]>;
}

export interface DetectStuckOptions {
  readonly queries: RecipeStatusQueries;
  readonly markers: StuckMarkers;
  readonly publisher: StuckPublisher;
  readonly now: Date;
  readonly thresholdMs: number;
}

export interface DetectStuckResult {
  /** Recipes Pending past the threshold now. */
  readonly stuck: number;
  /** Episodes put on the bus by this run. */
  readonly reported: readonly StuckRecipe[];
  /** Episodes PutEvents refused: not marked, so the next run puts them again. */
  readonly failed: readonly StuckRecipe[];
}

export const stuckDetail = (stuck: StuckRecipe, thresholdMs: number, now: Date): RecipeStuckDetail => ({
  recipeUid: stuck.record.recipeUid,
  status: 'Pending',
  episodeId: stuck.episodeId,
  pendingSince: stuck.pendingSince,
  pendingForSeconds: stuck.pendingForSeconds,
  thresholdSeconds: Math.floor(thresholdMs / 1_000),
  deviceIdentityHash: stuck.record.deviceIdentityHash,
  organizationUid: stuck.record.organizationUid,
  parentCompanyUid: stuck.record.parentCompanyUid,
  eventId: stuck.record.eventId,
  orderKey: stuck.record.orderKey,
  detectedAt: now.toISOString(),
});

/**
 * Each episode is marked only after its event was put, so none is lost: a run
 * that dies between the two puts it again (at least once; the episode id
 * deduplicates). A recipe that leaves Pending and comes back has a new episode id.
 */
export const detectStuck = async (options: DetectStuckOptions): Promise<DetectStuckResult> => {
  const { markers, now, thresholdMs } = options;
  const stuck = await findStuckRecipes(options.queries, { now, olderThanMs: thresholdMs });
  const fresh: StuckRecipe[] = [];
  for (const recipe of stuck) if (!(await markers.wasReported(recipe))) fresh.push(recipe);
  const published = await options.publisher.publish(fresh.map((s) => stuckDetail(s, thresholdMs, now)));
  const reported = fresh.filter((_, index) => published[index] === true);
  for (const recipe of reported) await markers.markReported(recipe, now);
  return { stuck: stuck.length, reported, failed: fresh.filter((_, index) => published[index] !== true) };
};
