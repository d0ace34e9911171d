import * as v from 'valibot';
import type { RejectedRecord, StatusRecord } from '../records/records.ts';
import {
  CURRENT_SORT_KEY,
  historySortKey,
  organizationStatusKey,
  PARTITION_KEY,
  REJECTED_PARTITION_KEY,
  recipePartitionKey,
  rejectedSortKey,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from './table-definition.ts';

// Records to DynamoDB items (keys added) and back (keys dropped, shape checked).

export type Item = Record<string, unknown>;

export const currentItem = (record: StatusRecord): Item => ({
  [PARTITION_KEY]: recipePartitionKey(record.recipeUid),
  [SORT_KEY]: CURRENT_SORT_KEY,
  ...record,
  // Only the current record carries index keys, so the indexes stay sparse.
  deviceKey: record.deviceIdentityHash,
  organizationKey: record.organizationUid,
  organizationStatusKey: organizationStatusKey(record.organizationUid, record.status),
});

export const historyItem = (record: StatusRecord, expiresAt: number | undefined): Item => ({
  [PARTITION_KEY]: recipePartitionKey(record.recipeUid),
  [SORT_KEY]: historySortKey(record.eventId),
  ...record,
  ...(expiresAt !== undefined && { [TTL_ATTRIBUTE]: expiresAt }),
});

export const rejectedItem = (record: RejectedRecord, expiresAt: number | undefined): Item => ({
  [PARTITION_KEY]: REJECTED_PARTITION_KEY,
  [SORT_KEY]: rejectedSortKey(record.receivedAt, record.rawSha256),
  ...record,
  ...(expiresAt !== undefined && { [TTL_ATTRIBUTE]: expiresAt }),
});

/** Decodes an item with a record schema; a malformed item is a bug or tampering, so it throws. */
export const fromItem = <TSchema extends v.GenericSchema>(
  schema: TSchema,
  item: Item,
): v.InferOutput<TSchema> => v.parse(schema, item);
