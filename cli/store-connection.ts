import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lambda/store/dynamodb-client.ts';
import { CliError } from './cli-error.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from './dynamodb-local.ts';
import { ensureTable } from './ensure-table.ts';

export const DEFAULT_DATA_DIR = '.recipe-status';
export const DEFAULT_TABLE_NAME = 'recipe-status';

export interface StoreOptions {
  /** Folder of the embedded local store; used when no endpoint or table is given. */
  readonly dataDir?: string | undefined;
  /** Any DynamoDB endpoint; the table is created there if absent. */
  readonly endpoint?: string | undefined;
  /** A table name; alone, it means real AWS with the standard credentials and region. */
  readonly table?: string | undefined;
  /** Create the table where it is absent (never in AWS): for commands that write. */
  readonly createTable?: boolean;
}

export interface StoreConnection {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Where the data is, for messages. */
  readonly description: string;
  close(): Promise<void>;
}

const describeFailure = (error: unknown, where: string): CliError => {
  const name = error instanceof Error ? error.name : '';
  if (name === 'CredentialsProviderError') {
    return new CliError(
      `no AWS credentials found for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID, or use --endpoint`,
    );
  }
  if (error instanceof Error && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|connect/i.test(error.message)) {
    return new CliError(`cannot reach DynamoDB at ${where}: ${error.message}`);
  }
  return new CliError(
    `DynamoDB at ${where} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
};

/**
 * Opens the store a command works on: the embedded DynamoDB Local in a data
 * folder (the default), any endpoint, or a real table in AWS.
 */
export const openStore = async (options: StoreOptions): Promise<StoreConnection> => {
  if (options.endpoint === undefined && options.table !== undefined) {
    const client = createDocumentClient();
    const where = `table "${options.table}" in AWS`;
    try {
      await client.send(new DescribeTableCommand({ TableName: options.table }));
    } catch (error) {
      client.destroy();
      if (error instanceof ResourceNotFoundException) {
        throw new CliError(
          `table "${options.table}" not found in AWS (region ${await client.config.region()})`,
        );
      }
      throw describeFailure(error, where);
    }
    return {
      documentClient: client,
      tableName: options.table,
      description: where,
      close: async () => client.destroy(),
    };
  }

  const local =
    options.endpoint === undefined
      ? await startDynamoDbLocal({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR })
      : undefined;
  const endpoint = options.endpoint ?? local?.endpoint ?? '';
  const tableName = options.table ?? DEFAULT_TABLE_NAME;
  // A local endpoint accepts any credentials; real ones from the environment are used if set.
  const useEnvironment = process.env.AWS_ACCESS_KEY_ID !== undefined || process.env.AWS_PROFILE !== undefined;
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? LOCAL_REGION,
    ...(!useEnvironment && { credentials: LOCAL_CREDENTIALS }),
    maxAttempts: 2,
  });
  const where =
    local === undefined
      ? endpoint
      : `the local store in ${options.dataDir ?? DEFAULT_DATA_DIR} (DynamoDB Local at ${endpoint})`;
  try {
    // The embedded store is ours to set up; another endpoint's table is only created by writers.
    if (local !== undefined || options.createTable === true) await ensureTable(client, tableName);
    else await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    client.destroy();
    await local?.stop();
    if (error instanceof ResourceNotFoundException)
      throw new CliError(`table "${tableName}" not found at ${where}`);
    throw describeFailure(error, where);
  }
  return {
    documentClient: DynamoDBDocumentClient.from(client),
    tableName,
    description: where,
    close: async () => {
      client.destroy();
      await local?.stop();
    },
  };
};
