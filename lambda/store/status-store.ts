import type { RejectedRecord, StatusRecord } from '../shared/records.ts';

/** The port the event processor writes through; the DynamoDB adapter implements it. */

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

export interface StoreWrite<TOutcome> {
  readonly outcome: TOutcome;
  readonly capacity: ConsumedCapacity;
}

export interface StatusStore {
  /**
   * Records an accepted event's history item and makes it the recipe's current
   * status if it is the greatest event seen. Throws when the store fails.
   */
  recordAccepted(record: StatusRecord): Promise<StoreWrite<AcceptedOutcome>>;
  /** Keeps an invalid event with its issues. Throws when the store fails. */
  recordRejected(record: RejectedRecord): Promise<StoreWrite<'rejected'>>;
}
