import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../cli/dynamodb-local.ts';
import { ensureTable } from '../../cli/ensure-table.ts';

export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
}

/** A fresh table, from the single definition, in the run's DynamoDB Local. */
export const createTestTable = async (): Promise<TestTable> => {
  const endpoint = inject('dynamoDbEndpoint');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const tableName = `recipe-status-test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { endpoint, tableName, client, documentClient: DynamoDBDocumentClient.from(client) };
};
