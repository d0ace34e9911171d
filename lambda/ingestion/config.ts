import {
  type Environment,
  optionalPositiveInteger,
  optionalString,
  requiredString,
} from '../shared/environment.ts';

export interface IngestConfig {
  readonly eventBusName: string;
  readonly secretId: string;
  readonly eventSource: string;
  /** The URL as configured in the exporter; undefined: this function URL, from the request context. */
  readonly webhookUrl: string | undefined;
  readonly toleranceSeconds: number | undefined;
  readonly maxBodyBytes: number | undefined;
}

/** The ingestion function's settings, read once at load. */
export const loadIngestConfig = (env: Environment): IngestConfig => ({
  eventBusName: requiredString(env, 'EVENT_BUS_NAME', 'name the event bus deliveries are put on'),
  secretId: requiredString(
    env,
    'WEBHOOK_SECRET_ARN',
    'name the Secrets Manager secret holding the webhook secret',
  ),
  eventSource: optionalString(env, 'EVENT_SOURCE') ?? 'signageos',
  webhookUrl: optionalString(env, 'WEBHOOK_URL'),
  toleranceSeconds: optionalPositiveInteger(env, 'TIMESTAMP_TOLERANCE_SECONDS'),
  maxBodyBytes: optionalPositiveInteger(env, 'MAX_BODY_BYTES'),
});
