import { ConfigurationError } from './errors.ts';

export interface HandlerConfig {
  readonly tableName: string;
  readonly historyRetentionDays: number | undefined;
  readonly rejectedRetentionDays: number | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

const optionalPositiveInteger = (env: Environment, name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a whole number of days above 0, got "${raw}"`);
  }
  return value;
};

/**
 * Reads the function's settings once, at load. The DynamoDB endpoint is not
 * among them: the SDK reads the standard `AWS_ENDPOINT_URL_DYNAMODB` itself.
 */
export const loadConfig = (env: Environment): HandlerConfig => {
  const tableName = env.TABLE_NAME;
  if (tableName === undefined || tableName.trim() === '') {
    throw new ConfigurationError(
      'TABLE_NAME is not set: it must name the DynamoDB table that holds recipe statuses',
    );
  }
  return {
    tableName,
    historyRetentionDays: optionalPositiveInteger(env, 'HISTORY_RETENTION_DAYS'),
    rejectedRetentionDays: optionalPositiveInteger(env, 'REJECTED_RETENTION_DAYS'),
  };
};
