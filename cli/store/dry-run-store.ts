import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { isNewer } from '../../lambda/records/ordering.ts';
import type { StatusRecord } from '../../lambda/records/records.ts';
import { type AcceptedOutcome, noCapacity, type StatusStore } from '../../lambda/store/status-store.ts';
import {
  CURRENT_SORT_KEY,
  historySortKey,
  PARTITION_KEY,
  recipePartitionKey,
  SORT_KEY,
} from '../../lambda/store/table-definition.ts';

/**
 * A store for `--dry-run`: it answers as the DynamoDB adapter's write path would, from two consistent
 * reads, and writes nothing (its parity with the real store: test/cli/store/dry-run-store.test.ts).
 */
export const createDryRunStore = (client: DynamoDBDocumentClient, tableName: string): StatusStore => {
  const orderKeyAt = async (recipeUid: string, sortKey: string): Promise<string | undefined> => {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { [PARTITION_KEY]: recipePartitionKey(recipeUid), [SORT_KEY]: sortKey },
        ProjectionExpression: 'orderKey',
        ConsistentRead: true,
      }),
    );
    return typeof Item?.orderKey === 'string' ? Item.orderKey : undefined;
  };

  const predict = async (record: StatusRecord): Promise<AcceptedOutcome> => {
    const [recorded, current] = await Promise.all([
      orderKeyAt(record.recipeUid, historySortKey(record.eventId)),
      orderKeyAt(record.recipeUid, CURRENT_SORT_KEY),
    ]);
    // Recorded before: a duplicate, unless the current record never saw it (then it is put now).
    if (recorded !== undefined) return isNewer(recorded, current) ? 'applied' : 'duplicate';
    if (isNewer(record.orderKey, current)) return 'applied';
    return current === record.orderKey ? 'duplicate' : 'stale';
  };

  return {
    recordAccepted: async (record) => ({ outcome: await predict(record), capacity: noCapacity() }),
    recordRejected: async () => ({ outcome: 'rejected', capacity: noCapacity() }),
  };
};
