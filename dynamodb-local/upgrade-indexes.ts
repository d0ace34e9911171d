import {
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  INDEXES,
  type IndexDefinition,
  keyAttributes,
  LEGACY_BY_ORGANIZATION_INDEX,
} from '../lambda/store/table-definition.ts';

// A local table made by an older version gains today's indexes: one UpdateTable per index, as in a deploy.

/** An index as CreateTable and UpdateTable want it. */
export const globalSecondaryIndex = (index: IndexDefinition) => ({
  IndexName: index.indexName,
  KeySchema: [
    ...index.partitionKeys.map((name) => ({ AttributeName: name, KeyType: 'HASH' as const })),
    ...index.sortKeys.map((name) => ({ AttributeName: name, KeyType: 'RANGE' as const })),
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

const waitActive = async (client: DynamoDBClient, tableName: string) => {
  for (let attempt = 0; attempt < 240; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if ((Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the indexes of table ${tableName} did not become active within a minute`);
};

/** Adds each index of the definition the table lacks, then drops 0.2's byOrganization. */
export const upgradeIndexes = async (
  client: DynamoDBClient,
  tableName: string,
  present: readonly GlobalSecondaryIndexDescription[],
): Promise<void> => {
  const names = new Set(present.map((index) => index.IndexName));
  for (const index of INDEXES.filter((definition) => !names.has(definition.indexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: keyAttributes([index]).map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: globalSecondaryIndex(index) }],
      }),
    );
    await waitActive(client, tableName);
  }
  if (names.has(LEGACY_BY_ORGANIZATION_INDEX.indexName)) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: LEGACY_BY_ORGANIZATION_INDEX.indexName } }],
      }),
    );
    await waitActive(client, tableName);
  }
};
