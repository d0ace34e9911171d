import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../dynamodb-local/ensure-table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../dynamodb-local/launcher.ts';
import { createDocumentClient } from '../../lambda/store/dynamodb-client.ts';

export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
}

/**
 * A fresh table, from the single definition, in the run's DynamoDB Local. Its
 * name is random only so that files running in parallel never share a table;
 * nothing a test asserts depends on it.
 */
export const createTestTable = async (): Promise<TestTable> => {
  const endpoint = inject('dynamoDbEndpoint');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const tableName = `recipe-status-test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { endpoint, tableName, client, documentClient: DynamoDBDocumentClient.from(client) };
};

/**
 * A document client as the functions build it, but patient. On a loaded test
 * machine the functions' 2 s request timeout expires on writes that DynamoDB
 * Local still performs; the SDK's retry then meets the delivery's own write,
 * and the store counts it a duplicate. A test asserting exact outcomes uses
 * this client, so its outcome counts do not depend on the machine's load.
 */
export const patientDocumentClient = (endpoint: string): DynamoDBDocumentClient =>
  createDocumentClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    connectionTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
  });
