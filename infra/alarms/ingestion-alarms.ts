// The ingestion function's alarms: every one means signageOS got a refusal or a 5xx.
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { INGEST_METRICS } from '../../lambda/shared/metric-names.ts';
import { atLeast, FIVE_MINUTES, functionCount } from './alarm-options.ts';
import type { Alarms } from './alarms.ts';

/** 3 of the last 12 five-minute periods: a wrong secret fires within the hour, a lone probe does not (docs/operations.md). */
export const SIGNATURE_FAILURE_WINDOW = { datapoints: 3, periods: 12 } as const;

export interface IngestionAlarmProps {
  /**
   * Signature failures per 5 minutes that count, in 3 of the last 12 periods.
   * @default 1
   */
  readonly signatureFailuresAlarmThreshold?: number | undefined;
  /**
   * Deliveries that could not be put on the bus in 5 minutes.
   * @default 1
   */
  readonly publishFailuresAlarmThreshold?: number | undefined;
}

export const watchIngestion = (alarms: Alarms, fn: lambda.IFunction, props: IngestionAlarmProps): void => {
  const period = FIVE_MINUTES;
  alarms.add(
    'IngestErrorsAlarm',
    'The ingestion function threw (Secrets Manager failing, a bug): signageOS got a 502 and retries. Check its logs.',
    atLeast(fn.metricErrors({ period, statistic: 'Sum' })),
  );
  alarms.add(
    'IngestThrottlesAlarm',
    "The ingestion function's reserved concurrency is full: signageOS got a 429 and retries. Raise it if the deliveries are real.",
    atLeast(fn.metricThrottles({ period, statistic: 'Sum' })),
  );
  alarms.add(
    'IngestServerErrorsAlarm',
    'The webhook answered 5xx (publish or keep failed, error, timeout): signageOS retries. Check the function logs and EventBridge.',
    atLeast(fn.metric('Url5xxCount', { period, statistic: 'Sum' })),
  );
  alarms.add(
    'UnreadableDeliveriesAlarm',
    'A signed delivery was not one we understand; it is kept on the bus as RecipeStatus.UnreadableDelivery. Read it and tell signageOS.',
    atLeast(functionCount(fn, INGEST_METRICS.unreadable)),
  );
  alarms.add(
    'SignatureFailuresAlarm',
    "Requests with a missing or wrong X-SOS-Signature or X-SOS-Timestamp in 3 five-minute periods of the last hour: the secret differs from the exporter's, its clock is off, or someone keeps probing the URL.",
    atLeast(
      functionCount(fn, INGEST_METRICS.signatureFailures),
      props.signatureFailuresAlarmThreshold,
      SIGNATURE_FAILURE_WINDOW,
    ),
  );
  alarms.add(
    'PublishFailuresAlarm',
    'PutEvents failed: signageOS is told to retry; check EventBridge and the function role.',
    atLeast(functionCount(fn, INGEST_METRICS.publishFailures, period), props.publishFailuresAlarmThreshold),
  );
};
