import {
  ConditionalCheckFailedException,
  type ConsumedCapacity as DynamoCapacity,
} from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { storableExcerpt } from '../contract/storable.ts';
import { isNewer } from '../records/ordering.ts';
import { type RejectedRecord, reorder, type StatusRecord, StatusRecordSchema } from '../records/records.ts';
import { assertMarshallable, isDataRefusal, refusalReason, STORE_ISSUE_FIELD } from './data-refusal.ts';
import { currentItem, fromItem, historyItem, type Item, rejectedItem } from './items.ts';
import {
  type AcceptedOutcome,
  type ConsumedCapacity,
  noCapacity,
  type OrderingOptions,
  type RejectedWrite,
  type StatusStore,
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
 * The write path: put the history item if the event id is new, then the current record if the event is
 * greater. Outcomes are per delivery (docs/contract.md#the-write-path).
 */
export const createDynamoDbStatusStore = (options: DynamoDbStatusStoreOptions): StatusStore => {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const expiry = (days: number | undefined): number | undefined =>
    days === undefined ? undefined : Math.floor(now().getTime() / 1000) + days * DAY_SECONDS;

  /** `applied` if the record is the greatest event; else `stale`, or `duplicate` when a concurrent delivery put it. */
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
    recordedItem: StatusRecord,
    capacity: ConsumedCapacity,
    ordering: OrderingOptions,
  ): Promise<AcceptedOutcome> => {
    // Ordered by the current rule, as a repair orders it: an order a repair removed is never put back.
    const recorded = reorder(recordedItem, ordering.futureToleranceMs).record;
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
    ordering: OrderingOptions,
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
      return await confirmDuplicate(recorded, capacity, ordering);
    }
    return await putCurrentIfNewer(record, capacity);
  };

  const putRejected = async (item: Item, capacity: ConsumedCapacity): Promise<string> => {
    const output = await client.send(
      new PutCommand({ TableName: tableName, Item: item, ReturnConsumedCapacity: 'INDEXES' }),
    );
    add(capacity, output.ConsumedCapacity, 'write');
    return String(item[SORT_KEY]);
  };

  return {
    async recordAccepted(record, ordering = {}) {
      const capacity = noCapacity();
      try {
        return { outcome: await putHistoryThenCurrent(record, capacity, ordering), capacity };
      } catch (error) {
        if (!isDataRefusal(error)) throw error;
        return { outcome: 'refused', reason: refusalReason(error), capacity };
      }
    },

    async recordRejected(record: RejectedRecord): Promise<RejectedWrite> {
      const capacity = noCapacity();
      const expiresAt = expiry(options.rejectedRetentionDays);
      try {
        return {
          outcome: 'rejected',
          key: await putRejected(rejectedItem(record, expiresAt), capacity),
          capacity,
        };
      } catch (error) {
        if (!isDataRefusal(error)) throw error;
        // Kept under the same key without what could be too large or malformed, never lost or looped.
        const kept = rejectedItem(withoutRaw(record, refusalReason(error)), expiresAt);
        return { outcome: 'rejected', key: await putRejected(kept, capacity), capacity };
      }
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
  rawNotKept: `DynamoDB refused the record with it: ${storableExcerpt(reason, KEPT_MESSAGE_LENGTH)}`,
});
