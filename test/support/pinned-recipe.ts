import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { orderKey } from '../../lambda/records/ordering.ts';
import type { StatusRecord } from '../../lambda/records/records.ts';
import { currentItem, historyItem } from '../../lambda/store/items.ts';
import type { TestTable } from './test-table.ts';

// A recipe pinned the way version 0.1 stored a forged 2099 event: no envelope time, no orderedBy.

const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');

export interface PinnedRecipe {
  readonly recipeUid: string;
  readonly eventId: string;
  /** When 0.1 recorded it, in Unix milliseconds. */
  readonly recordedAt: number;
}

/** Writes the pinning event's history item and the current record it left. */
export const pinRecipeAsVersion01 = async (table: TestTable, pinned: PinnedRecipe): Promise<void> => {
  const record: StatusRecord = {
    recipeUid: pinned.recipeUid,
    status: 'Failed',
    deviceIdentityHash: 'device-1',
    organizationUid: 'org-1',
    parentCompanyUid: 'company-1',
    eventId: pinned.eventId,
    eventBridgeId: `eb-${pinned.eventId}`,
    source: 'signageos',
    occurredAt: new Date(Y2099).toISOString(),
    orderKey: orderKey(Y2099, pinned.eventId),
    recordedAt: new Date(pinned.recordedAt).toISOString(),
  };
  for (const Item of [historyItem(record, undefined), currentItem(record)])
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item }));
};
