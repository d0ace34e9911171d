import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { INGEST_METRICS } from '../../lambda/shared/metric-names.ts';
import { type AlarmSink, FIVE_MINUTES, functionCount } from './alarm-sink.ts';

/**
 * Signature failures alarm when 3 of the last 12 five-minute periods (an hour)
 * each reach the threshold: a wrong secret fails every delivery, so even a
 * trickle of one delivery every 20 minutes fires within the hour (signageOS
 * documents no retry schedule to count on), while a lone probe of the public
 * URL, or one burst of them, does not page anyone.
 */
export const SIGNATURE_FAILURE_WINDOW = { datapointsToAlarm: 3, evaluationPeriods: 12 } as const;

export interface IngestionAlarmProps {
  /**
   * Signature failures per 5 minutes that count, in 3 of the last 12 periods.
   * @default 1
   */
  readonly signatureFailuresAlarmThreshold?: number | undefined;
}

/** The ingestion function's failures: every one means signageOS got a refusal or a 5xx. */
export const watchIngestion = (alarms: AlarmSink, fn: lambda.IFunction, props: IngestionAlarmProps): void => {
  const period = FIVE_MINUTES;
  alarms.atLeast(
    'IngestErrorsAlarm',
    'The ingestion function threw (Secrets Manager failing, a bug): signageOS got a 502 and retries. Check its logs.',
    fn.metricErrors({ period, statistic: 'Sum' }),
  );
  alarms.atLeast(
    'IngestThrottlesAlarm',
    "The ingestion function's reserved concurrency is full: signageOS got a 429 and retries. Raise it if the deliveries are real.",
    fn.metricThrottles({ period, statistic: 'Sum' }),
  );
  alarms.atLeast(
    'IngestServerErrorsAlarm',
    'The webhook answered 5xx (publish or keep failed, error, timeout): signageOS retries. Check the function logs and EventBridge.',
    fn.metric('Url5xxCount', { period, statistic: 'Sum' }),
  );
  alarms.atLeast(
    'UnreadableDeliveriesAlarm',
    'A signed delivery was not one we understand; it is kept on the bus as RecipeStatus.UnreadableDelivery. Read it and tell signageOS.',
    functionCount(fn, INGEST_METRICS.unreadable),
  );
  alarms.add(
    'SignatureFailuresAlarm',
    "Requests with a missing or wrong X-SOS-Signature or X-SOS-Timestamp in 3 five-minute periods of the last hour: the secret differs from the exporter's, its clock is off, or someone keeps probing the URL.",
    {
      metric: functionCount(fn, INGEST_METRICS.signatureFailures),
      threshold: props.signatureFailuresAlarmThreshold ?? 1,
      ...SIGNATURE_FAILURE_WINDOW,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  );
};
