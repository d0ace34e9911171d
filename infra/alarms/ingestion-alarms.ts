// The ingestion function's alarms: every one means signageOS got a refusal or a 5xx, or sent nothing.
import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { INGEST_METRICS } from '../../lambda/shared/metric-names.ts';
import { absent, atLeast, FIVE_MINUTES, functionCount, SUSTAINED } from './alarm-options.ts';
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
  /**
   * A heartbeat: page when no delivery was accepted for this long (at most 7 days, CloudWatch's longest evaluation).
   * @default - no such alarm
   */
  readonly noDeliveriesAlarmPeriod?: Duration | undefined;
}

export const watchIngestion = (alarms: Alarms, fn: lambda.IFunction, props: IngestionAlarmProps): void => {
  const period = FIVE_MINUTES;
  alarms.page(
    'IngestErrorsAlarm',
    'The ingestion function kept throwing for 15 minutes (Secrets Manager failing, a bug): signageOS gets 502s and retries. Read its ERROR log lines.',
    atLeast(fn.metricErrors({ period, statistic: 'Sum' }), 1, SUSTAINED),
  );
  alarms.page(
    'IngestThrottlesAlarm',
    "The ingestion function's reserved concurrency was full for 15 minutes: signageOS gets 429s and retries. Raise it if the deliveries are real.",
    atLeast(fn.metricThrottles({ period, statistic: 'Sum' }), 1, SUSTAINED),
  );
  alarms.page(
    'PublishFailuresAlarm',
    'PutEvents failed: signageOS is told to retry. Check EventBridge, the bus and the function role.',
    atLeast(functionCount(fn, INGEST_METRICS.publishFailures, period), props.publishFailuresAlarmThreshold),
  );
  alarms.ticket(
    'UnreadableDeliveriesAlarm',
    'A signed delivery was not one we understand; it is kept on the bus as RecipeStatus.UnreadableDelivery. Read it and tell signageOS.',
    atLeast(functionCount(fn, INGEST_METRICS.unreadable)),
  );
  alarms.ticket(
    'SignatureFailuresAlarm',
    "Requests with a missing or wrong X-SOS-Signature or X-SOS-Timestamp in 3 five-minute periods of the last hour: the secret differs from the exporter's, its clock is off, or someone keeps probing the URL.",
    atLeast(
      functionCount(fn, INGEST_METRICS.signatureFailures),
      props.signatureFailuresAlarmThreshold,
      SIGNATURE_FAILURE_WINDOW,
    ),
  );
  const quiet = props.noDeliveriesAlarmPeriod;
  if (quiet !== undefined)
    alarms.page(
      'NoDeliveriesAlarm',
      `No delivery was accepted for ${quiet.toHumanString()}: the exporter, its webhook URL or the endpoint may have stopped. Check the exporter at signageOS and the ingestion logs.`,
      absent(functionCount(fn, INGEST_METRICS.accepted, quiet)),
    );
};
