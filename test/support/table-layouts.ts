import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTableInput } from '../../dynamodb-local/ensure-table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../dynamodb-local/launcher.ts';
import {
  BY_DEVICE_INDEX,
  BY_ORGANIZATION_STATUS_INDEX,
  type IndexDefinition,
  LEGACY_BY_ORGANIZATION_INDEX,
} from '../../lambda/store/table-definition.ts';
import type { TestTable } from './test-table.ts';

/** The three indexes 0.2 deployed, as its template defined them. */
export const V02_INDEXES: readonly IndexDefinition[] = [
  BY_DEVICE_INDEX,
  LEGACY_BY_ORGANIZATION_INDEX,
  BY_ORGANIZATION_STATUS_INDEX,
];

/** A fresh table with the given indexes, in the run's DynamoDB Local (which creates it active). */
export const createTableWithIndexes = async (indexes: readonly IndexDefinition[]): Promise<TestTable> => {
  const endpoint = inject('dynamoDbEndpoint');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const tableName = `recipe-status-layout-${randomUUID()}`;
  await client.send(new CreateTableCommand(createTableInput(tableName, indexes)));
  return { endpoint, tableName, client, documentClient: DynamoDBDocumentClient.from(client) };
};
