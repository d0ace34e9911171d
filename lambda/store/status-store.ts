import type { RejectedRecord, StatusRecord } from '../records/records.ts';

// The port the event processor writes through; the DynamoDB adapter implements it.

export type AcceptedOutcome = 'applied' | 'stale' | 'duplicate';

/** Capacity one event consumed, as DynamoDB reported it (failed conditional writes counted by rule). */
export interface ConsumedCapacity {
  /** Write units on the table itself. */
  tableWriteUnits: number;
  /** Write units on global secondary indexes, which index the current record. */
  indexWriteUnits: number;
  readUnits: number;
}

export const noCapacity = (): ConsumedCapacity => ({ tableWriteUnits: 0, indexWriteUnits: 0, readUnits: 0 });

export const sumCapacity = (a: ConsumedCapacity, b: ConsumedCapacity): ConsumedCapacity => ({
  tableWriteUnits: a.tableWriteUnits + b.tableWriteUnits,
  indexWriteUnits: a.indexWriteUnits + b.indexWriteUnits,
  readUnits: a.readUnits + b.readUnits,
});

export interface StoreWrite<TOutcome> {
  readonly outcome: TOutcome;
  readonly capacity: ConsumedCapacity;
}

/**
 * DynamoDB refused to write the record because of its data (see
 * data-refusal.ts): the event is kept as rejected instead, with `reason`.
 */
export interface RefusedWrite extends StoreWrite<'refused'> {
  readonly reason: string;
}

/** A rejected event kept; `key` is the sort key of the record written, absent when nothing was (a dry run). */
export interface RejectedWrite extends StoreWrite<'rejected'> {
  readonly key?: string;
}

/** The ordering rule's setting, for a record recorded before that the store orders again. */
export interface OrderingOptions {
  /** ordering.ts's default when undefined. */
  readonly futureToleranceMs?: number | undefined;
}

export interface StatusStore {
  /**
   * Records an accepted event's history item and makes it the recipe's current
   * status if it is the greatest event seen. Resolves `refused` when DynamoDB
   * refuses the data; throws when the store is unavailable.
   */
  recordAccepted(
    record: StatusRecord,
    ordering?: OrderingOptions,
  ): Promise<StoreWrite<AcceptedOutcome> | RefusedWrite>;
  /** Keeps an invalid event with its issues. Throws when the store fails. */
  recordRejected(record: RejectedRecord): Promise<RejectedWrite>;
}
