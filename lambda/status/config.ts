import { DEFAULT_FUTURE_TOLERANCE_MS } from '../records/ordering.ts';
import { type Environment, optionalPositiveInteger, requiredString } from '../shared/environment.ts';

export interface HandlerConfig {
  readonly tableName: string;
  readonly historyRetentionDays: number | undefined;
  readonly rejectedRetentionDays: number | undefined;
  /** How far an id's UUIDv7 time may run ahead of the envelope's `time` before it is distrusted. */
  readonly futureToleranceMs: number;
}

/**
 * Reads the status function's settings once, at load. The DynamoDB endpoint is
 * not among them: the SDK reads the standard `AWS_ENDPOINT_URL_DYNAMODB` itself.
 */
export const loadConfig = (env: Environment): HandlerConfig => ({
  tableName: requiredString(env, 'TABLE_NAME', 'name the DynamoDB table that holds recipe statuses'),
  historyRetentionDays: optionalPositiveInteger(env, 'HISTORY_RETENTION_DAYS'),
  rejectedRetentionDays: optionalPositiveInteger(env, 'REJECTED_RETENTION_DAYS'),
  futureToleranceMs: readFutureToleranceMs(env),
});

/** FUTURE_TOLERANCE_SECONDS in milliseconds: the function's setting, which the CLI reads the same way. */
export const readFutureToleranceMs = (env: Environment): number =>
  (optionalPositiveInteger(env, 'FUTURE_TOLERANCE_SECONDS') ?? DEFAULT_FUTURE_TOLERANCE_MS / 1_000) * 1_000;
