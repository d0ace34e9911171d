import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PARTITION_KEY, SORT_KEY, stuckMarkerPartitionKey } from '../store/table-definition.ts';
import type { StuckRecipe } from './find-stuck.ts';

// The detector's memory of the episodes it reported, so each is reported once: one small item each.

export interface StuckMarkers {
  wasReported(stuck: StuckRecipe): Promise<boolean>;
  markReported(stuck: StuckRecipe, at: Date): Promise<void>;
}

const keyOf = (stuck: StuckRecipe) => ({
  [PARTITION_KEY]: stuckMarkerPartitionKey(stuck.record.recipeUid),
  [SORT_KEY]: stuck.episodeId,
});

export const createStuckMarkers = (client: DynamoDBDocumentClient, tableName: string): StuckMarkers => ({
  async wasReported(stuck) {
    const output = await client.send(
      new GetCommand({ TableName: tableName, Key: keyOf(stuck), ProjectionExpression: PARTITION_KEY }),
    );
    return output.Item !== undefined;
  },
  async markReported(stuck, at) {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keyOf(stuck), pendingSince: stuck.pendingSince, reportedAt: at.toISOString() },
      }),
    );
  },
});
