import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  INDEXES,
  type IndexDefinition,
  keyAttributes,
  PARTITION_KEY,
  SORT_KEY,
} from '../lambda/store/table-definition.ts';
import { globalSecondaryIndex, upgradeIndexes } from './upgrade-indexes.ts';

/** The table as CreateTable wants it, from the one definition the CDK stack also uses. */
export const createTableInput = (
  tableName: string,
  indexes: readonly IndexDefinition[] = INDEXES,
): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: keyAttributes(indexes).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  KeySchema: [
    { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
    { AttributeName: SORT_KEY, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: indexes.map(globalSecondaryIndex),
  // As deployed: the change publisher (and `recipe-status changes`) reads it.
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});

/**
 * Creates the table unless it exists; returns whether it created it. Two
 * commands may both find it missing: the one whose CreateTable loses waits
 * for the winner's table like its own.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await upgradeIndexes(client, tableName, Table?.GlobalSecondaryIndexes ?? []);
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  let created = true;
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
  }
  // DynamoDB Local creates tables active at once; a real endpoint takes seconds.
  for (let attempt = 0; attempt < 120; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return created;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`table ${tableName} was created but did not become active within a minute`);
};
