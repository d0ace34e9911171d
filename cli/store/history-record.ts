import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type StatusRecord, StatusRecordSchema } from '../../lambda/records/records.ts';
import { fromItem } from '../../lambda/store/items.ts';
import {
  historySortKey,
  PARTITION_KEY,
  recipePartitionKey,
  SORT_KEY,
} from '../../lambda/store/table-definition.ts';
import type { StoreConnection } from './open-store.ts';

/** A recipe's history item of one event, read consistently: the event was recorded, current or not. */
export const readHistoryRecord = async (
  connection: Pick<StoreConnection, 'documentClient' | 'tableName'>,
  recipeUid: string,
  eventId: string,
): Promise<StatusRecord | undefined> => {
  const { Item } = await connection.documentClient.send(
    new GetCommand({
      TableName: connection.tableName,
      Key: { [PARTITION_KEY]: recipePartitionKey(recipeUid), [SORT_KEY]: historySortKey(eventId) },
      ConsistentRead: true,
    }),
  );
  return Item === undefined ? undefined : fromItem(StatusRecordSchema, Item);
};
