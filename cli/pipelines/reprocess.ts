import {
  type EventPattern,
  matchesEventPattern,
  unmatchedReason,
} from '../../lambda/shared/event-pattern.ts';
import { describeIssue } from '../../lambda/shared/event-schema.ts';
import { MAX_STORED_RAW_BYTES, type RejectedRecord } from '../../lambda/shared/records.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import type { RejectedRecords } from '../../lambda/store/rejected-records.ts';
import { type AcceptedOutcome, noCapacity, type StatusStore } from '../../lambda/store/status-store.ts';
import { errorText } from '../toolkit/cli-error.ts';

/**
 * `rejected --reprocess`: each kept rejected record's raw event runs through
 * the rule's pattern and the status function's code path as they are now.
 * Accepted now, it is recorded (ordered and idempotent as any delivery) and
 * its rejected record removed; still invalid, the record stays, with the
 * reasons of today's contract; kept cut short, it cannot be run and stays.
 */

export type ReprocessOutcome = AcceptedOutcome | 'rejected' | 'ignored' | 'not re-processable' | 'failed';
export type ReprocessAction =
  | 'removed'
  | 'already removed'
  | 'kept'
  | 'reasons updated'
  | 'would remove'
  | 'would keep'
  | 'would update reasons';

export interface ReprocessLine {
  readonly receivedAt: string;
  readonly eventId?: string;
  readonly recipeUid?: string;
  readonly outcome: ReprocessOutcome;
  readonly action: ReprocessAction;
  readonly reasons?: string[];
}

export interface ReprocessOptions {
  /** The status store accepted events are written to; in a dry run, one that only reads. */
  readonly store: StatusStore;
  readonly rejected: RejectedRecords;
  readonly pattern: EventPattern;
  readonly now: () => Date;
  /** The status function's tolerance for times ahead (FUTURE_TOLERANCE_SECONDS). */
  readonly futureToleranceMs: number;
  readonly dryRun: boolean;
}

/**
 * The status store for one re-run: accepted events go to the real one; a
 * still-invalid event is handed back here instead of being kept as a new
 * rejected record, so running again never multiplies records.
 */
const acceptingOnly = (store: StatusStore) => {
  let rejected: RejectedRecord | undefined;
  const wrapped: StatusStore = {
    recordAccepted: (record) => store.recordAccepted(record),
    recordRejected: async (record) => {
      rejected = record;
      return { outcome: 'rejected', capacity: noCapacity() };
    },
  };
  return { store: wrapped, rejected: () => rejected };
};

const sameIssues = (a: RejectedRecord, b: RejectedRecord): boolean =>
  a.issueCount === b.issueCount && JSON.stringify(a.issues) === JSON.stringify(b.issues);

const reprocessOne = async (record: RejectedRecord, options: ReprocessOptions): Promise<ReprocessLine> => {
  const ids = {
    receivedAt: record.receivedAt,
    ...(record.eventId !== undefined && { eventId: record.eventId }),
    ...(record.recipeUid !== undefined && { recipeUid: record.recipeUid }),
  };
  const keep = options.dryRun ? 'would keep' : 'kept';
  if (record.rawTruncated)
    return {
      ...ids,
      outcome: 'not re-processable',
      action: keep,
      reasons: [
        `kept cut at ${MAX_STORED_RAW_BYTES} of its ${record.rawBytes} bytes: the event is not whole`,
      ],
    };
  let event: unknown;
  try {
    event = JSON.parse(record.raw);
  } catch {
    return { ...ids, outcome: 'not re-processable', action: keep, reasons: ['the kept event is not JSON'] };
  }
  try {
    if (!matchesEventPattern(options.pattern, event)) {
      return {
        ...ids,
        outcome: 'ignored',
        action: keep,
        reasons: [unmatchedReason(options.pattern, event)],
      };
    }
    const run = acceptingOnly(options.store);
    const result = await processEvent(event, {
      store: run.store,
      now: options.now,
      futureToleranceMs: options.futureToleranceMs,
    });
    const stillRejected = run.rejected();
    if (stillRejected !== undefined) {
      const reasons = stillRejected.issues.map(describeIssue);
      if (sameIssues(record, stillRejected)) return { ...ids, outcome: 'rejected', action: keep, reasons };
      if (options.dryRun) return { ...ids, outcome: 'rejected', action: 'would update reasons', reasons };
      const updated = await options.rejected.updateIssues(record, stillRejected);
      return {
        ...ids,
        outcome: 'rejected',
        action: updated ? 'reasons updated' : 'already removed',
        reasons,
      };
    }
    if (result.outcome === 'rejected') throw new Error('the handler rejected an event without a record');
    if (options.dryRun) return { ...ids, outcome: result.outcome, action: 'would remove' };
    const removed = await options.rejected.remove(record);
    return { ...ids, outcome: result.outcome, action: removed ? 'removed' : 'already removed' };
  } catch (error) {
    return { ...ids, outcome: 'failed', action: keep, reasons: [errorText(error)] };
  }
};

/** Re-processes every record the list yields, oldest first, one after another. */
export const reprocessRejected = async (
  records: AsyncIterable<RejectedRecord>,
  options: ReprocessOptions,
): Promise<ReprocessLine[]> => {
  const lines: ReprocessLine[] = [];
  for await (const record of records) lines.push(await reprocessOne(record, options));
  return lines;
};
