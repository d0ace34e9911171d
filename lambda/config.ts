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
    throw new ConfigurationError(`${name} must be a whole number above 0, got "${raw}"`);
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

export interface IngestConfig {
  readonly eventBusName: string;
  readonly secretId: string;
  readonly eventSource: string;
  /** The URL as configured in the exporter; undefined: this function URL, from the request context. */
  readonly webhookUrl: string | undefined;
  readonly toleranceSeconds: number | undefined;
  readonly maxBodyBytes: number | undefined;
}

const required = (env: Environment, name: string, what: string): string => {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigurationError(`${name} is not set: it must ${what}`);
  return value;
};

/** The ingestion function's settings, read once at load. */
export const loadIngestConfig = (env: Environment): IngestConfig => ({
  eventBusName: required(env, 'EVENT_BUS_NAME', 'name the event bus deliveries are put on'),
  secretId: required(env, 'WEBHOOK_SECRET_ARN', 'name the Secrets Manager secret holding the webhook secret'),
  eventSource: env.EVENT_SOURCE === undefined || env.EVENT_SOURCE === '' ? 'signageos' : env.EVENT_SOURCE,
  webhookUrl: env.WEBHOOK_URL === undefined || env.WEBHOOK_URL === '' ? undefined : env.WEBHOOK_URL,
  toleranceSeconds: optionalPositiveInteger(env, 'TIMESTAMP_TOLERANCE_SECONDS'),
  maxBodyBytes: optionalPositiveInteger(env, 'MAX_BODY_BYTES'),
});
