import { processEvent } from '../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../lambda/store/dynamodb-status-store.ts';
import { createRecipeStatusQueries } from '../lambda/store/queries.ts';
import type { OptionValues } from './command.ts';
import type { STORE_OPTIONS } from './common-options.ts';
import { openStore, type StoreConnection } from './store-connection.ts';

export type StoreValues = OptionValues<typeof STORE_OPTIONS>;

/**
 * Opens the store the options name, runs `work` on it, and closes it whatever
 * happens. Only `write` access creates a missing table (never in AWS).
 */
export const withStore = async <T>(
  values: StoreValues,
  work: (connection: StoreConnection) => Promise<T>,
  access: 'read' | 'write' = 'read',
): Promise<T> => {
  const connection = await openStore({
    dataDir: values['data-dir'],
    endpoint: values.endpoint,
    table: values.table,
    createTable: access === 'write',
  });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
};

/** The clock the handler's code path runs with: the CLI records what happens now. */
export const now = (): Date => new Date();

/** The handler's store adapter, on the connection. */
export const storeFor = (connection: StoreConnection) =>
  createDynamoDbStatusStore({ client: connection.documentClient, tableName: connection.tableName });

export const queriesFor = (connection: StoreConnection) =>
  createRecipeStatusQueries({ client: connection.documentClient, tableName: connection.tableName });

/** The status function's code path against the connection's store, as `redrive` and `serve` hand it on. */
export const handlerFor = (connection: StoreConnection) => {
  const store = storeFor(connection);
  return (event: unknown) => processEvent(event, { store, now });
};
