import { canonicalEventId } from '../../contract/event-id.ts';
import { compareOrderKeys } from '../../records/ordering.ts';
import { type OrderBasis, reorder, type StatusRecord } from '../../records/records.ts';
import { historySortKey } from '../table-definition.ts';

// What a repair would change in one recipe, decided without I/O: every event
// the recipe holds is ordered again under the current rule (ordering.ts), and
// the greatest becomes current.

export interface StoredHistoryItem {
  readonly sortKey: string;
  readonly record: StatusRecord;
  /** The item's TTL, kept when the item is rewritten. */
  readonly expiresAt: number | undefined;
}

export interface HistoryChange {
  readonly eventId: string;
  /** `reordered`: a new order key; `renamed`: moved to its canonical key; `merged`: a second spelling of one UUID, dropped. */
  readonly change: 'reordered' | 'renamed' | 'merged';
  readonly fromSortKey: string;
  readonly toSortKey: string;
  readonly fromOrderKey: string;
  readonly toOrderKey: string;
  /** The item to write at `toSortKey`; undefined when the item is only dropped. */
  readonly record: StatusRecord | undefined;
  readonly expiresAt: number | undefined;
}

export interface RepairPlan {
  readonly history: readonly HistoryChange[];
  readonly before: StatusRecord | undefined;
  readonly after: StatusRecord | undefined;
  readonly currentChanged: boolean;
  /** Events ordered by a fallback, because their item predates the kept envelope time. */
  readonly fallbacks: readonly { readonly eventId: string; readonly basis: OrderBasis }[];
}

const greatest = (records: readonly StatusRecord[]): StatusRecord | undefined =>
  records.reduce<StatusRecord | undefined>(
    (best, record) =>
      best === undefined || compareOrderKeys(record.orderKey, best.orderKey) > 0 ? record : best,
    undefined,
  );

export const planRepair = (
  current: StatusRecord | undefined,
  stored: readonly StoredHistoryItem[],
  toleranceMs?: number | undefined,
): RepairPlan => {
  const history: HistoryChange[] = [];
  const fallbacks: { eventId: string; basis: OrderBasis }[] = [];
  const kept = new Map<string, StatusRecord>();
  // The item already at its canonical key is kept first; other spellings of the same UUID merge into it.
  const ordered = [...stored].sort(
    (a, b) =>
      Number(b.sortKey === historySortKey(canonicalEventId(b.record.eventId))) -
      Number(a.sortKey === historySortKey(canonicalEventId(a.record.eventId))),
  );
  for (const item of ordered) {
    const { record, basis } = reorder(item.record, toleranceMs);
    const toSortKey = historySortKey(record.eventId);
    const change = {
      eventId: record.eventId,
      fromSortKey: item.sortKey,
      toSortKey,
      fromOrderKey: item.record.orderKey,
      toOrderKey: record.orderKey,
      expiresAt: item.expiresAt,
    };
    if (kept.has(record.eventId)) {
      history.push({ ...change, change: 'merged', record: undefined });
      continue;
    }
    kept.set(record.eventId, record);
    if (basis !== 'eventTime') fallbacks.push({ eventId: record.eventId, basis });
    if (item.sortKey !== toSortKey) history.push({ ...change, change: 'renamed', record });
    else if (item.record.orderKey !== record.orderKey)
      history.push({ ...change, change: 'reordered', record });
  }
  // The current record counts as one of the events: its history item may have expired.
  const reorderedCurrent = current === undefined ? undefined : reorder(current, toleranceMs).record;
  const candidates = [...kept.values()];
  if (reorderedCurrent !== undefined && !kept.has(reorderedCurrent.eventId))
    candidates.push(reorderedCurrent);
  const after = greatest(candidates);
  const currentChanged =
    after !== undefined &&
    (current === undefined ||
      current.eventId !== after.eventId ||
      current.orderKey !== after.orderKey ||
      current.status !== after.status);
  return { history, before: current, after, currentChanged, fallbacks };
};
