import type { EventPattern } from '../../lambda/contract/event-pattern.ts';
import { describeIssue } from '../../lambda/contract/event-schema.ts';
import { MAX_STORED_RAW_BYTES, type RejectedRecord } from '../../lambda/records/records.ts';
import {
  type EventResult,
  type ProcessDependencies,
  processEvent,
} from '../../lambda/status/process-event.ts';
import type { RejectedRecords } from '../../lambda/store/rejected-records.ts';
import { type AcceptedOutcome, noCapacity, type StatusStore } from '../../lambda/store/status-store.ts';
import { routeEvent } from './route-event.ts';

// `rejected --reprocess`: kept rejected events through the rule and the status path as they are now.

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
  /** The status function's code path; in a dry run, on a store that only reads. */
  readonly status: ProcessDependencies;
  readonly rejected: RejectedRecords;
  readonly pattern: EventPattern;
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
    recordAccepted: (record, ordering) => store.recordAccepted(record, ordering),
    recordRejected: async (record) => {
      rejected = record;
      return { outcome: 'rejected', capacity: noCapacity() };
    },
  };
  return { store: wrapped, rejected: () => rejected };
};

const sameIssues = (a: RejectedRecord, b: RejectedRecord): boolean =>
  a.issueCount === b.issueCount && JSON.stringify(a.issues) === JSON.stringify(b.issues);

type LineIds = Pick<ReprocessLine, 'receivedAt' | 'eventId' | 'recipeUid'>;

/** What becomes of the kept record once its event ran: removed when accepted, its reasons updated when not. */
const settle = async (
  record: RejectedRecord,
  stillRejected: RejectedRecord | undefined,
  result: EventResult,
  { ids, options }: { readonly ids: LineIds; readonly options: ReprocessOptions },
): Promise<ReprocessLine> => {
  if (stillRejected !== undefined) {
    const reasons = stillRejected.issues.map(describeIssue);
    if (sameIssues(record, stillRejected))
      return { ...ids, outcome: 'rejected', action: options.dryRun ? 'would keep' : 'kept', reasons };
    if (options.dryRun) return { ...ids, outcome: 'rejected', action: 'would update reasons', reasons };
    const updated = await options.rejected.updateIssues(record, stillRejected);
    return { ...ids, outcome: 'rejected', action: updated ? 'reasons updated' : 'already removed', reasons };
  }
  if (result.outcome === 'rejected') throw new Error('the handler rejected an event without a record');
  if (options.dryRun) return { ...ids, outcome: result.outcome, action: 'would remove' };
  const removed = await options.rejected.remove(record);
  return { ...ids, outcome: result.outcome, action: removed ? 'removed' : 'already removed' };
};

const reprocessOne = async (record: RejectedRecord, options: ReprocessOptions): Promise<ReprocessLine> => {
  const ids: LineIds = {
    receivedAt: record.receivedAt,
    ...(record.eventId !== undefined && { eventId: record.eventId }),
    ...(record.recipeUid !== undefined && { recipeUid: record.recipeUid }),
  };
  const keep = options.dryRun ? 'would keep' : 'kept';
  if (record.rawNotKept !== undefined)
    return {
      ...ids,
      outcome: 'not re-processable',
      action: keep,
      reasons: [`the event was not kept: ${record.rawNotKept}`],
    };
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
  // Set by `handle` once the event ran and its record was settled: a failure there is the line's `failed`.
  const settled: { line?: ReprocessLine } = {};
  const routed = await routeEvent(event, {
    pattern: options.pattern,
    handle: async (routedEvent) => {
      const run = acceptingOnly(options.status.store);
      // Ordered as when it first arrived: the record's receive time, never this run's clock.
      const arrivedAt = new Date(record.receivedAt);
      const result = await processEvent(routedEvent, { ...options.status, store: run.store, arrivedAt });
      settled.line = await settle(record, run.rejected(), result, { ids, options });
      return result;
    },
  });
  if (routed.outcome === 'ignored' || routed.outcome === 'failed')
    return { ...ids, outcome: routed.outcome, action: keep, reasons: [...routed.reasons] };
  return settled.line ?? { ...ids, outcome: 'failed', action: keep };
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
