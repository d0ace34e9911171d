import { readFutureToleranceMs } from '../../lambda/status/config.ts';
import {
  type EventResult,
  type ProcessDependencies,
  processEvent,
} from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import type { StatusStore } from '../../lambda/store/status-store.ts';
import { createDryRunStore } from './dry-run-store.ts';
import type { StoreConnection } from './open-store.ts';

// The status function's code path wired to a command's store: its store adapter, clock and tolerance.

/** The clock the handler's code path runs with: the CLI records what happens now. */
export const now = (): Date => new Date();

/**
 * The tolerance the status function orders by, read from the same variable
 * (FUTURE_TOLERANCE_SECONDS) so a command records and repairs events as the deployed function does.
 */
export const futureToleranceMs = (): number => readFutureToleranceMs(process.env);

/** The handler's store adapter, on the connection; in a dry run, one that only reads. */
export const storeFor = (connection: StoreConnection, { dryRun = false } = {}): StatusStore =>
  dryRun
    ? createDryRunStore(connection.documentClient, connection.tableName)
    : createDynamoDbStatusStore({ client: connection.documentClient, tableName: connection.tableName });

/** What `processEvent` runs with against the connection's store. */
export const statusPathFor = (
  connection: StoreConnection,
  options: { readonly dryRun?: boolean } = {},
): ProcessDependencies => ({
  store: storeFor(connection, options),
  now,
  futureToleranceMs: futureToleranceMs(),
});

/** The status path of one event; a re-run passes when the event first reached the component. */
export type EventHandler = (event: unknown, arrivedAt?: Date) => Promise<EventResult>;

/** The status function's code path against the connection's store, as one function of an event. */
export const handlerFor = (
  connection: StoreConnection,
  options: { readonly dryRun?: boolean } = {},
): EventHandler => {
  const dependencies = statusPathFor(connection, options);
  return (event, arrivedAt) => processEvent(event, { ...dependencies, arrivedAt });
};
