import { parseRecipeStatusEvent, type ValidationIssue } from '../contract/event-schema.ts';
import { toRejectedRecord, toStatusRecord } from '../records/records.ts';
import { STORE_ISSUE_FIELD } from '../store/data-refusal.ts';
import {
  type AcceptedOutcome,
  type ConsumedCapacity,
  type StatusStore,
  sumCapacity,
} from '../store/status-store.ts';

export type Outcome = AcceptedOutcome | 'rejected';

export interface EventResult {
  readonly outcome: Outcome;
  readonly eventId: string | undefined;
  readonly recipeUid: string | undefined;
  /** Set when rejected: each invalid field and what is wrong with it. */
  readonly issues?: readonly ValidationIssue[];
  /** Set when rejected and kept: the sort key of the stored rejected-event record. */
  readonly rejectedKey?: string;
  /** Set when the event was valid but DynamoDB refused its data: it was kept as rejected. */
  readonly refusedByStore?: true;
  /** Set when the id's UUIDv7 time ran beyond the envelope's time: the event was ordered by the latter. */
  readonly idTimeDistrusted?: true;
  /** Set when the envelope's time ran beyond the event's first arrival: the event was ordered by the latter. */
  readonly eventTimeDistrusted?: true;
  readonly capacity: ConsumedCapacity;
}

export interface ProcessDependencies {
  readonly store: StatusStore;
  readonly now: () => Date;
  /** How far an id's UUIDv7 time may run ahead of the envelope's; ordering.ts's default when undefined. */
  readonly futureToleranceMs?: number | undefined;
  /** When a re-run's event first reached the component: the bound on its times instead of `now()`. */
  readonly arrivedAt?: Date | undefined;
}

/**
 * Parse → decide → persist for one EventBridge event. An invalid event is kept
 * as rejected and returned, never thrown: a retry cannot fix it. So is a valid
 * event whose data DynamoDB refuses. A store that fails is thrown, so Lambda
 * retries and then dead-letters the event.
 */
export const processEvent = async (
  input: unknown,
  { store, now, futureToleranceMs, arrivedAt }: ProcessDependencies,
): Promise<EventResult> => {
  const keepRejected = async (issues: readonly ValidationIssue[]) => {
    const rejected = toRejectedRecord(input, issues, now());
    const { key, capacity } = await store.recordRejected(rejected);
    return {
      outcome: 'rejected',
      eventId: rejected.eventId,
      recipeUid: rejected.recipeUid,
      issues: rejected.issues,
      ...(key !== undefined && { rejectedKey: key }),
      capacity,
    } as const;
  };

  const parsed = parseRecipeStatusEvent(input);
  if (!parsed.success) return keepRejected(parsed.issues);
  const record = toStatusRecord(parsed, { recordedAt: now(), arrivedAt, futureToleranceMs });
  const write = await store.recordAccepted(record, { futureToleranceMs });
  if (write.outcome === 'refused') {
    const rejected = await keepRejected([{ field: STORE_ISSUE_FIELD, message: write.reason }]);
    return { ...rejected, refusedByStore: true, capacity: sumCapacity(write.capacity, rejected.capacity) };
  }
  return {
    outcome: write.outcome,
    eventId: record.eventId,
    recipeUid: record.recipeUid,
    ...(record.idTimeDistrusted === true && { idTimeDistrusted: true }),
    ...(record.eventTimeDistrusted === true && { eventTimeDistrusted: true }),
    capacity: write.capacity,
  };
};
