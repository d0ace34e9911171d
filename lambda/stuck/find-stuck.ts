import type { StatusRecord } from '../records/records.ts';
import { collectAll, type RecipeStatusQueries } from '../store/queries/queries.ts';
import { episodeId, pendingEpisode } from './episode.ts';

// The recipes Pending longer than a threshold: read from the Pending index partition, never a Scan.

const HISTORIES_AT_ONCE = 16;

export interface StuckRecipe {
  readonly record: StatusRecord;
  /** `<recipeUid>#<id of the event that entered Pending>`: one per episode. */
  readonly episodeId: string;
  /** When the episode's first Pending event occurred. */
  readonly pendingSince: string;
  readonly pendingForSeconds: number;
}

export interface FindStuckOptions {
  readonly now: Date;
  readonly olderThanMs: number;
  /** Only this organization's recipes. */
  readonly organizationUid?: string | undefined;
}

/**
 * One Query page per ~4 KB of Pending recipes, then each Pending recipe's
 * history (one Query each, a few items): the cost follows the recipes in
 * Pending, not the table. Oldest episode first.
 */
export const findStuckRecipes = async (
  queries: RecipeStatusQueries,
  { now, olderThanMs, organizationUid }: FindStuckOptions,
): Promise<StuckRecipe[]> => {
  const pending = await collectAll((cursor) => {
    const page = cursor === undefined ? {} : { cursor };
    return organizationUid === undefined
      ? queries.listRecipesInStatus('Pending', page)
      : queries.listOrganizationRecipes(organizationUid, { status: 'Pending', ...page });
  });
  const stuck: StuckRecipe[] = [];
  const check = async (record: StatusRecord) => {
    const history = await queries.getRecipeHistory(record.recipeUid);
    // With a history retention, the current record may outlive its history item.
    const episode = pendingEpisode([...history.filter((h) => h.eventId !== record.eventId), record]);
    // The index is eventually consistent: a recipe that has left Pending since is skipped.
    if (episode === undefined) return;
    const pendingForMs = now.getTime() - Date.parse(episode.start.occurredAt);
    if (pendingForMs < olderThanMs) return;
    stuck.push({
      record: episode.current,
      episodeId: episodeId(episode),
      pendingSince: episode.start.occurredAt,
      pendingForSeconds: Math.floor(pendingForMs / 1_000),
    });
  };
  // A few histories at a time: 100,000 Pending recipes take about half a minute, not eight.
  for (let start = 0; start < pending.length; start += HISTORIES_AT_ONCE)
    await Promise.all(pending.slice(start, start + HISTORIES_AT_ONCE).map(check));
  return stuck.sort(
    (a, b) => a.pendingSince.localeCompare(b.pendingSince) || a.episodeId.localeCompare(b.episodeId),
  );
};
