import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../dynamodb-local/ensure-table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../dynamodb-local/launcher.ts';
import { createDocumentClient } from '../../lambda/store/dynamodb-client.ts';
import { createRecipeStatusQueries } from '../../lambda/store/queries/queries.ts';
import { attachLocalStore } from '../local-store/local-store.ts';
import { CliError } from '../toolkit/cli-error.ts';
import { displayText } from '../toolkit/display.ts';
import { awsFailure, NO_REGION_HINT } from './aws-failure.ts';

export const DEFAULT_DATA_DIR = '.recipe-status';
/** Sets the data folder of commands given no store option (the README's examples run against one). */
export const DATA_DIR_VARIABLE = 'RECIPE_STATUS_DATA_DIR';
export const DEFAULT_TABLE_NAME = 'recipe-status';

export const defaultDataDir = (): string => process.env[DATA_DIR_VARIABLE] || DEFAULT_DATA_DIR;

/**
 * What a command does to its store: `read` needs it to exist; `update` writes
 * to a store that exists (a table it names must be there); `create` may make
 * the local store or an endpoint's table. In AWS no command creates a table.
 */
export type StoreAccess = 'read' | 'update' | 'create';

export interface StoreOptions {
  /** Folder of the local store; used when no endpoint or table is given. */
  readonly dataDir?: string | undefined;
  /** Any DynamoDB endpoint. */
  readonly endpoint?: string | undefined;
  /** A table name; alone, it means real AWS with the standard credentials and region. */
  readonly table?: string | undefined;
  readonly access: StoreAccess;
  /** The region for a table in AWS when none is configured (redrive: the queue's). */
  readonly fallbackRegion?: string | undefined;
  /** Called with the store's description once it is known, before anything is written. */
  readonly onLocated?: (description: string) => void;
}

export interface StoreConnection {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Where the data is, for messages; made safe to print. */
  readonly description: string;
  close(): Promise<void>;
}

const failure = (error: unknown, where: string): CliError =>
  awsFailure(error, where) ??
  new CliError(`DynamoDB at ${where} failed: ${error instanceof Error ? error.message : String(error)}`);

const awsRegion = async (fallback: string | undefined): Promise<string> => {
  const probe = new DynamoDBClient({});
  try {
    return await probe.config.region();
  } catch {
    if (fallback !== undefined) return fallback;
    throw new CliError(`no AWS region for the table: ${NO_REGION_HINT}`);
  } finally {
    probe.destroy();
  }
};

const openAwsTable = async (table: string, options: StoreOptions): Promise<StoreConnection> => {
  const region = await awsRegion(options.fallbackRegion);
  const client = createDocumentClient({ region });
  const where = displayText(`table "${table}" in AWS (region ${region})`);
  options.onLocated?.(where);
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    client.destroy();
    if (error instanceof ResourceNotFoundException) throw new CliError(`${where} not found`);
    throw failure(error, where);
  }
  return {
    documentClient: client,
    tableName: table,
    description: where,
    close: async () => client.destroy(),
  };
};

/**
 * Opens the store a command works on: the local store in a data folder (the
 * default), any endpoint, or a real table in AWS.
 */
export const openStore = async (options: StoreOptions): Promise<StoreConnection> => {
  if (options.endpoint === undefined && options.table !== undefined)
    return openAwsTable(options.table, options);

  const dataDir = options.dataDir ?? defaultDataDir();
  const local =
    options.endpoint === undefined
      ? await attachLocalStore(dataDir, { mustExist: options.access !== 'create' })
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
  const where = displayText(
    local === undefined
      ? `table "${tableName}" at ${endpoint}`
      : `the local store in ${dataDir} (DynamoDB Local at ${endpoint})`,
  );
  options.onLocated?.(where);
  const close = async () => {
    client.destroy();
    local?.release();
  };
  try {
    // The local store's table is ours to set up; an endpoint's is created only by commands that may.
    if (local !== undefined || options.access === 'create') await ensureTable(client, tableName);
    else await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    await close();
    if (error instanceof ResourceNotFoundException) throw new CliError(`${where} not found`);
    throw failure(error, where);
  }
  return { documentClient: DynamoDBDocumentClient.from(client), tableName, description: where, close };
};

/** The read queries, on the connection's table. */
export const queriesFor = (connection: StoreConnection) =>
  createRecipeStatusQueries({ client: connection.documentClient, tableName: connection.tableName });
