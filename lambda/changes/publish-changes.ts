import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { PUBLISHED_EVENT_SOURCE, STATUS_CHANGED_DETAIL_TYPE } from '../contract/detail-types.ts';
import type { StatusChanged } from './status-changed.ts';

// Puts change events on the bus. PutEvents answers 200 when some entries failed: those are retried.

/** PutEvents takes at most 10 entries; a change's detail is well under 1 KB, far from the 256 KB cap. */
export const MAX_ENTRIES_PER_PUT = 10;
/** Attempts for the entries PutEvents answered as failed, the first included. */
export const DEFAULT_PUBLISH_ATTEMPTS = 5;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 1_000;

export interface ChangeBus {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface FailedChange {
  readonly changeId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Entries still failed after every attempt: thrown, so Lambda retries the batch, then bisects it. */
export class UnpublishedChangesError extends Error {
  override readonly name = 'UnpublishedChangesError';
  constructor(readonly failed: readonly FailedChange[]) {
    const first = failed[0];
    super(
      `PutEvents failed ${failed.length} change(s), first ${first?.changeId}: ${first?.errorCode} ${first?.errorMessage}`.trim(),
    );
  }
}

export const changeEntry = (change: StatusChanged, eventBusName: string): PutEventsRequestEntry => ({
  EventBusName: eventBusName,
  Source: PUBLISHED_EVENT_SOURCE,
  DetailType: STATUS_CHANGED_DETAIL_TYPE,
  Detail: JSON.stringify(change),
});

const sleepFor = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** An entry is put only when its result has an event id and no error code; a missing result is a failure. */
const failures = (sent: readonly StatusChanged[], results: readonly PutEventsResultEntry[]): FailedChange[] =>
  sent.flatMap((change, index) => {
    const result = results[index];
    if (result?.EventId !== undefined && result.ErrorCode === undefined) return [];
    return [
      {
        changeId: change.changeId,
        errorCode: result?.ErrorCode ?? 'NoResult',
        errorMessage: result?.ErrorMessage ?? 'PutEvents returned no result for the entry',
      },
    ];
  });

const putBatch = async (batch: readonly StatusChanged[], bus: ChangeBus): Promise<void> => {
  const maxAttempts = bus.maxAttempts ?? DEFAULT_PUBLISH_ATTEMPTS;
  const sleep = bus.sleep ?? sleepFor;
  let pending = batch;
  for (let attempt = 1; ; attempt += 1) {
    const output = await bus.client.send(
      new PutEventsCommand({ Entries: pending.map((change) => changeEntry(change, bus.eventBusName)) }),
    );
    const found = failures(pending, output.Entries ?? []);
    if (found.length === 0 && (output.FailedEntryCount ?? 0) === 0) return;
    // A count without a failed entry to match it: put them all again (at least once, never lost).
    const failed = found.length > 0 ? found : failures(pending, []);
    if (attempt >= maxAttempts) throw new UnpublishedChangesError(failed);
    const ids = new Set(failed.map((failure) => failure.changeId));
    pending = pending.filter((change) => ids.has(change.changeId));
    await sleep(Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)));
  }
};

/** Puts every change, in order, ten at a time; resolves only once EventBridge has each of them. */
export const publishChanges = async (changes: readonly StatusChanged[], bus: ChangeBus): Promise<void> => {
  for (let start = 0; start < changes.length; start += MAX_ENTRIES_PER_PUT) {
    await putBatch(changes.slice(start, start + MAX_ENTRIES_PER_PUT), bus);
  }
};
