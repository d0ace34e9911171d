import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { INGEST_METRICS } from '../../lambda/shared/metric-names.ts';
import { type AlarmSink, FIVE_MINUTES, functionCount } from './alarm-sink.ts';

/**
 * Signature failures alarm when every one of this many consecutive 5-minute
 * periods has at least the threshold: a wrong secret on a trickle of
 * deliveries (signageOS retries each) fires within 15 minutes, while a lone
 * probe of the public URL does not page anyone.
 */
export const SIGNATURE_FAILURE_PERIODS = 3;

export interface IngestionAlarmProps {
  /**
   * Signature failures per 5 minutes that count, in each of 3 consecutive periods.
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
    "Requests with a missing or wrong X-SOS-Signature in 3 consecutive 5-minute periods: the secret differs from the exporter's, or someone keeps probing the URL.",
    {
      metric: functionCount(fn, INGEST_METRICS.signatureFailures),
      threshold: props.signatureFailuresAlarmThreshold ?? 1,
      evaluationPeriods: SIGNATURE_FAILURE_PERIODS,
      datapointsToAlarm: SIGNATURE_FAILURE_PERIODS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  );
};
