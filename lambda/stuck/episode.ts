import { compareOrderKeys } from '../records/ordering.ts';
import type { StatusRecord } from '../records/records.ts';

// When a recipe's current Pending began: the first event of the run of Pending events its history ends with.

export interface PendingEpisode {
  /** The event that entered `Pending`: its id names the episode. */
  readonly start: StatusRecord;
  /** The current record, the run's last event. */
  readonly current: StatusRecord;
}

/** Undefined unless the greatest event (by the ordering rule) is `Pending`. */
export const pendingEpisode = (history: readonly StatusRecord[]): PendingEpisode | undefined => {
  const ordered = [...history].sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey));
  const current = ordered.at(-1);
  if (current?.status !== 'Pending') return undefined;
  let first = ordered.length - 1;
  while (first > 0 && ordered[first - 1]?.status === 'Pending') first -= 1;
  return { start: ordered[first] ?? current, current };
};

export const episodeId = (episode: PendingEpisode): string =>
  `${episode.start.recipeUid}#${episode.start.eventId}`;
