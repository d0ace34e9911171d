import { canonicalEventId } from '../shared/event-id.ts';
import {
  compareOrderKeys,
  DEFAULT_FUTURE_TOLERANCE_MS,
  type Occurrence,
  occurrence,
  orderKey,
  uuidV7Millis,
} from '../shared/ordering.ts';
import type { StatusRecord } from '../shared/records.ts';
import { historySortKey } from './table-definition.ts';

// What a repair would change in one recipe, decided without I/O: every event
// the recipe holds is ordered again under the current rule (ordering.ts), and
// the greatest becomes current.

/**
 * Where an event's order came from. `eventTime`: the envelope time kept on the
 * item. Items stored before it was kept fall back: `occurredAt` for an id that
 * is not a UUIDv7 (its stored occurrence was the envelope time, exactly);
 * `recordedAt` for a UUIDv7, whose time is bounded by when the function
 * recorded the event (it cannot have occurred after that).
 */
export type OrderBasis = 'eventTime' | 'occurredAt' | 'recordedAt';

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

const iso = (millis: number): string => new Date(millis).toISOString();

const occurrenceOf = (record: StatusRecord, eventId: string, toleranceMs: number) => {
  if (record.eventTime !== undefined)
    return {
      basis: 'eventTime' as const,
      occurred: occurrence({
        eventId,
        eventTimeMillis: Date.parse(record.eventTime),
        arrivedAtMillis: Date.parse(record.recordedAt),
        futureToleranceMs: toleranceMs,
      }),
    };
  if (uuidV7Millis(eventId) === undefined) {
    const occurred: Occurrence = {
      millis: Date.parse(record.occurredAt),
      orderedBy: 'eventTime',
      idTimeDistrusted: false,
    };
    return { basis: 'occurredAt' as const, occurred };
  }
  return {
    basis: 'recordedAt' as const,
    occurred: occurrence({
      eventId,
      arrivedAtMillis: Date.parse(record.recordedAt),
      futureToleranceMs: toleranceMs,
    }),
  };
};

/** The record as the current rule orders it: canonical id, occurrence, order key. */
export const reorder = (
  record: StatusRecord,
  toleranceMs: number = DEFAULT_FUTURE_TOLERANCE_MS,
): { readonly record: StatusRecord; readonly basis: OrderBasis } => {
  const eventId = canonicalEventId(record.eventId);
  const { basis, occurred } = occurrenceOf(record, eventId, toleranceMs);
  const { idTimeDistrusted: _id, eventTimeDistrusted: _time, ...rest } = record;
  return {
    basis,
    record: {
      ...rest,
      eventId,
      ...(basis === 'occurredAt' && { eventTime: record.occurredAt }),
      occurredAt: iso(occurred.millis),
      orderedBy: occurred.orderedBy,
      ...(occurred.idTimeDistrusted && { idTimeDistrusted: true }),
      ...(occurred.eventTimeDistrusted === true && { eventTimeDistrusted: true }),
      orderKey: orderKey(occurred.millis, eventId),
    },
  };
};

const greatest = (records: readonly StatusRecord[]): StatusRecord | undefined =>
  records.reduce<StatusRecord | undefined>(
    (best, record) =>
      best === undefined || compareOrderKeys(record.orderKey, best.orderKey) > 0 ? record : best,
    undefined,
  );

export const planRepair = (
  current: StatusRecord | undefined,
  stored: readonly StoredHistoryItem[],
  toleranceMs: number = DEFAULT_FUTURE_TOLERANCE_MS,
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
