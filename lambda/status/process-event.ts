import { parseRecipeStatusEvent, type ValidationIssue } from '../shared/event-schema.ts';
import { toRejectedRecord, toStatusRecord } from '../shared/records.ts';
import type { AcceptedOutcome, ConsumedCapacity, StatusStore } from '../store/status-store.ts';
import { rejectedSortKey } from '../store/table-definition.ts';

export type Outcome = AcceptedOutcome | 'rejected';

export interface EventResult {
  readonly outcome: Outcome;
  readonly eventId: string | undefined;
  readonly recipeUid: string | undefined;
  /** Set when rejected: each invalid field and what is wrong with it. */
  readonly issues?: readonly ValidationIssue[];
  /** Set when rejected: the sort key of the stored rejected-event record. */
  readonly rejectedKey?: string;
  readonly capacity: ConsumedCapacity;
}

export interface ProcessDependencies {
  readonly store: StatusStore;
  readonly now: () => Date;
}

/**
 * Parse → decide → persist for one EventBridge event. An invalid event is kept
 * as rejected and returned, never thrown: a retry cannot fix it. A store
 * failure is thrown, so Lambda retries and then dead-letters the event.
 */
export const processEvent = async (
  input: unknown,
  { store, now }: ProcessDependencies,
): Promise<EventResult> => {
  const parsed = parseRecipeStatusEvent(input);
  if (!parsed.success) {
    const rejected = toRejectedRecord(input, parsed.issues, now());
    const { capacity } = await store.recordRejected(rejected);
    return {
      outcome: 'rejected',
      eventId: rejected.eventId,
      recipeUid: rejected.recipeUid,
      issues: rejected.issues,
      rejectedKey: rejectedSortKey(rejected.receivedAt, rejected.rawSha256),
      capacity,
    };
  }
  const record = toStatusRecord(parsed.event, now());
  const { outcome, capacity } = await store.recordAccepted(record);
  return { outcome, eventId: record.eventId, recipeUid: record.recipeUid, capacity };
};
