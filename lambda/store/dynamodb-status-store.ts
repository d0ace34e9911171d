import {
  ConditionalCheckFailedException,
  type ConsumedCapacity as DynamoCapacity,
} from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isNewer } from '../shared/ordering.ts';
import { type RejectedRecord, type StatusRecord, StatusRecordSchema } from '../shared/records.ts';
import { storableExcerpt } from '../shared/storable.ts';
import { assertMarshallable, isDataRefusal, refusalReason, STORE_ISSUE_FIELD } from './data-refusal.ts';
import { currentItem, fromItem, historyItem, type Item, rejectedItem } from './items.ts';
import {
  type AcceptedOutcome,
  type ConsumedCapacity,
  noCapacity,
  type StatusStore,
  type StoreWrite,
} from './status-store.ts';
import { CURRENT_SORT_KEY, PARTITION_KEY, recipePartitionKey, SORT_KEY } from './table-definition.ts';

export interface DynamoDbStatusStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Days to keep history items; kept forever when undefined. */
  readonly historyRetentionDays?: number | undefined;
  /** Days to keep rejected-event records; kept forever when undefined. */
  readonly rejectedRetentionDays?: number | undefined;
  readonly now?: () => Date;
}

const DAY_SECONDS = 86_400;
// The current record is written only when it is absent or older: the ordering rule as one condition.
const ONLY_IF_NEWER = `attribute_not_exists(${PARTITION_KEY}) OR orderKey < :orderKey`;
const ONLY_IF_ABSENT = `attribute_not_exists(${PARTITION_KEY})`;

const add = (capacity: ConsumedCapacity, consumed: DynamoCapacity | undefined, kind: 'write' | 'read') => {
  if (consumed === undefined) return;
  if (kind === 'read') {
    capacity.readUnits += consumed.CapacityUnits ?? 0;
    return;
  }
  capacity.tableWriteUnits += consumed.Table?.CapacityUnits ?? consumed.CapacityUnits ?? 0;
  for (const index of Object.values(consumed.GlobalSecondaryIndexes ?? {})) {
    capacity.indexWriteUnits += index.CapacityUnits ?? 0;
  }
};

/**
 * The write path, in at most two writes and no read-modify-write:
 * 1. put the history item if this event id is new for the recipe;
 * 2. put the current record only if this event is greater than the one there.
 * Concurrent invocations converge because DynamoDB evaluates each condition
 * atomically. A redelivery fails step 1 cheaply; it then checks that the
 * current record saw the event, since a crash between 1 and 2 can leave the
 * history written and the current record behind.
 *
 * What each delivery's outcome means (the metrics count deliveries):
 * - `applied`: this delivery's conditional put made the event the current record;
 * - `stale`: this delivery wrote the event's history item, and its current put
 *   found a greater event there;
 * - `duplicate`: the history item was there already, and this delivery changed
 *   nothing (or a concurrent delivery had just put this very event current).
 * So `stale` is counted at most once per event (only the delivery that wrote
 * the history item can say it), and `applied` at most once per event while the
 * current record only moves forward (a repair may move it back). Both can be
 * counted for one event only under this interleaving: delivery 1 writes the
 * history item and stalls; delivery 2 finds it, sees the current record behind
 * and applies the event; a newer event is applied; delivery 1 resumes and finds
 * the newer event: `stale`. Delivery 1 cannot tell that from an event that was
 * stale all along without one more read or write on every stale event, so the
 * double count is left, and stated. Counts can also fall short: an invocation
 * that dies between its write and its log line counts nothing, while its retry
 * says `duplicate`; and when the SDK retries a history put whose answer was
 * lost but which landed, the retry finds the item and takes the duplicate path
 * (`applied` if it then applies the event, else `duplicate`, never `stale`).
 * The state is exact in every case; only the counts are per delivery.
 *
 * A write refused because of its data resolves `refused` (see data-refusal.ts).
 * If the current put alone is refused (the current item carries index keys the
 * history item does not), the history item stays: a redelivery of the event is
 * refused again at the same put, and the current record never holds it.
 */
export const createDynamoDbStatusStore = (options: DynamoDbStatusStoreOptions): StatusStore => {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const expiry = (days: number | undefined): number | undefined =>
    days === undefined ? undefined : Math.floor(now().getTime() / 1000) + days * DAY_SECONDS;

  /**
   * Makes the record current if it is the greatest event: `applied`. Otherwise
   * `stale`, or `duplicate` when the record there is this very event, put by a
   * concurrent delivery of it (see the outcome meanings above).
   */
  const putCurrentIfNewer = async (
    record: StatusRecord,
    capacity: ConsumedCapacity,
  ): Promise<AcceptedOutcome> => {
    try {
      const output = await client.send(
        new PutCommand({
          TableName: tableName,
          Item: currentItem(record),
          ConditionExpression: ONLY_IF_NEWER,
          ExpressionAttributeValues: { ':orderKey': record.orderKey },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      add(capacity, output.ConsumedCapacity, 'write');
      return 'applied';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // DynamoDB bills a failed conditional write (1 unit for an item this size) but reports nothing.
      capacity.tableWriteUnits += 1;
      return error.Item?.orderKey?.S === record.orderKey ? 'duplicate' : 'stale';
    }
  };

  /** The event id was recorded before: a duplicate, unless the current record never saw it. */
  const confirmDuplicate = async (
    recorded: StatusRecord,
    capacity: ConsumedCapacity,
  ): Promise<AcceptedOutcome> => {
    const output = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { [PARTITION_KEY]: recipePartitionKey(recorded.recipeUid), [SORT_KEY]: CURRENT_SORT_KEY },
        ProjectionExpression: 'orderKey',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    add(capacity, output.ConsumedCapacity, 'read');
    // An eventually consistent read is enough: when it is behind, the conditional put decides.
    const current = output.Item?.orderKey;
    if (typeof current === 'string' && !isNewer(recorded.orderKey, current)) return 'duplicate';
    // The recorded history item, not this delivery, says when the event occurred; a repair's mark
    // stays on it: on the current item, `repairedAt` says a repair made it current (a change event reads it).
    const { repairedAt: _, ...live } = recorded;
    return (await putCurrentIfNewer(live, capacity)) === 'applied' ? 'applied' : 'duplicate';
  };

  const putHistoryThenCurrent = async (
    record: StatusRecord,
    capacity: ConsumedCapacity,
  ): Promise<AcceptedOutcome> => {
    const item = historyItem(record, expiry(options.historyRetentionDays));
    // The current item holds the same record (plus index keys built from its strings): checking the
    // history item is checking both, and this runs on every event.
    assertMarshallable(client, item);
    try {
      const output = await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: ONLY_IF_ABSENT,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      add(capacity, output.ConsumedCapacity, 'write');
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      capacity.tableWriteUnits += 1;
      if (error.Item === undefined)
        throw new Error('DynamoDB returned no item for a failed history put', { cause: error });
      const recorded = fromItem(StatusRecordSchema, unmarshall(error.Item));
      return await confirmDuplicate(recorded, capacity);
    }
    return await putCurrentIfNewer(record, capacity);
  };

  const putRejected = async (item: Item, capacity: ConsumedCapacity): Promise<void> => {
    const output = await client.send(
      new PutCommand({ TableName: tableName, Item: item, ReturnConsumedCapacity: 'INDEXES' }),
    );
    add(capacity, output.ConsumedCapacity, 'write');
  };

  return {
    async recordAccepted(record) {
      const capacity = noCapacity();
      try {
        return { outcome: await putHistoryThenCurrent(record, capacity), capacity };
      } catch (error) {
        if (!isDataRefusal(error)) throw error;
        return { outcome: 'refused', reason: refusalReason(error), capacity };
      }
    },

    async recordRejected(record: RejectedRecord): Promise<StoreWrite<'rejected'>> {
      const capacity = noCapacity();
      const expiresAt = expiry(options.rejectedRetentionDays);
      try {
        await putRejected(rejectedItem(record, expiresAt), capacity);
      } catch (error) {
        if (!isDataRefusal(error)) throw error;
        // Kept under the same key without what could be too large or malformed, never lost or looped.
        await putRejected(rejectedItem(withoutRaw(record, refusalReason(error)), expiresAt), capacity);
      }
      return { outcome: 'rejected', capacity };
    },
  };
};

const KEPT_ISSUES_WITHOUT_RAW = 10;
const KEPT_MESSAGE_LENGTH = 200;

/** The rejected record reduced to its key, hash, size and first issues, plus why the rest is missing. */
const withoutRaw = (record: RejectedRecord, reason: string): RejectedRecord => ({
  receivedAt: record.receivedAt,
  issues: [
    ...record.issues.slice(0, KEPT_ISSUES_WITHOUT_RAW).map((issue) => ({
      field: storableExcerpt(issue.field, KEPT_MESSAGE_LENGTH),
      message: storableExcerpt(issue.message, KEPT_MESSAGE_LENGTH),
    })),
    { field: STORE_ISSUE_FIELD, message: `kept without its raw event: ${reason}` },
  ],
  issueCount: record.issueCount,
  raw: '',
  rawBytes: record.rawBytes,
  rawSha256: record.rawSha256,
  rawTruncated: true,
});
