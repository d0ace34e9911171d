import { readFutureToleranceMs } from '../../lambda/status/config.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { createRecipeStatusQueries } from '../../lambda/store/queries.ts';
import type { StatusStore } from '../../lambda/store/status-store.ts';
import type { STORE_OPTIONS } from '../options/common-options.ts';
import type { OptionValues } from '../toolkit/command-types.ts';
import type { Io } from '../toolkit/io.ts';
import { createDryRunStore } from './dry-run-store.ts';
import { openStore, type StoreAccess, type StoreConnection } from './open-store.ts';

export type StoreValues = OptionValues<typeof STORE_OPTIONS>;

export interface WithStoreOptions {
  /** `read` by default. */
  readonly access?: StoreAccess;
  /**
   * A command that writes names its store first, on stderr (stdout stays the
   * command's output, `--json` included): `writing to <store>`, or in a dry
   * run `dry run: reading <store>, writing nothing`.
   */
  readonly announce?: { readonly io: Io; readonly dryRun?: boolean };
  readonly fallbackRegion?: string | undefined;
}

/** The line a writing command prints first. */
export const storeLine = (description: string, dryRun: boolean): string =>
  dryRun
    ? `recipe-status: dry run: reading ${description}, writing nothing\n`
    : `recipe-status: writing to ${description}\n`;

/** Opens the store the options name, runs `work` on it, and closes it whatever happens. */
export const withStore = async <T>(
  values: StoreValues,
  work: (connection: StoreConnection) => Promise<T>,
  options: WithStoreOptions = {},
): Promise<T> => {
  const { announce } = options;
  const connection = await openStore({
    dataDir: values['data-dir'],
    endpoint: values.endpoint,
    table: values.table,
    access: options.access ?? 'read',
    fallbackRegion: options.fallbackRegion,
    ...(announce !== undefined && {
      onLocated: (description: string) =>
        announce.io.stderr(storeLine(description, announce.dryRun === true)),
    }),
  });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
};

/** The clock the handler's code path runs with: the CLI records what happens now. */
export const now = (): Date => new Date();

/**
 * The tolerance the status function orders by, read from the same variable
 * (FUTURE_TOLERANCE_SECONDS) so that a command records and repairs events as
 * the deployed function does: set it as the function has it.
 */
export const futureToleranceMs = (): number => readFutureToleranceMs(process.env);

/** The handler's store adapter, on the connection; in a dry run, one that only reads. */
export const storeFor = (connection: StoreConnection, { dryRun = false } = {}): StatusStore =>
  dryRun
    ? createDryRunStore(connection.documentClient, connection.tableName)
    : createDynamoDbStatusStore({ client: connection.documentClient, tableName: connection.tableName });

export const queriesFor = (connection: StoreConnection) =>
  createRecipeStatusQueries({ client: connection.documentClient, tableName: connection.tableName });

/** The status function's code path against the connection's store, as `redrive` and `serve` hand it on. */
export const handlerFor = (connection: StoreConnection, options: { readonly dryRun?: boolean } = {}) => {
  const store = storeFor(connection, options);
  const tolerance = futureToleranceMs();
  return (event: unknown) => processEvent(event, { store, now, futureToleranceMs: tolerance });
};
