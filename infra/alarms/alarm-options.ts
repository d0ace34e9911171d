// What every alarm of the component is built from: its options, its periods and the metric of our own counts.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { METRIC_NAMESPACE } from '../../lambda/shared/metric-names.ts';

/** An alarm's metric and when it fires; the description and the actions come from `Alarms`. */
export type AlarmOptions = cloudwatch.CreateAlarmOptions & { readonly metric: cloudwatch.IMetric };

/** The period every alarm evaluates, unless its section in docs/operations.md says otherwise. */
export const FIVE_MINUTES = Duration.minutes(5);

/** Three five-minute periods in a row: a failure that Lambda's retry fixes does not page, an outage of 15 minutes does. */
export const SUSTAINED = { datapoints: 3, periods: 3 } as const;

/** Fires when `threshold` is reached in `datapoints` of the last `periods` periods; no data is no trouble. */
export const atLeast = (
  metric: cloudwatch.IMetric,
  threshold = 1,
  window: { readonly datapoints: number; readonly periods: number } = { datapoints: 1, periods: 1 },
): AlarmOptions => ({
  metric,
  threshold,
  evaluationPeriods: window.periods,
  ...(window.periods > 1 && { datapointsToAlarm: window.datapoints }),
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});

/** Fires when the metric stays below 1 for its whole period; here no data is trouble. */
export const absent = (metric: cloudwatch.IMetric): AlarmOptions => ({
  metric,
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.BREACHING,
});

/** A count one of our functions' embedded-metric log lines emits, summed per period. */
export const functionCount = (fn: lambda.IFunction, metricName: string, period = FIVE_MINUTES) =>
  new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { FunctionName: fn.functionName },
    statistic: 'Sum',
    period,
  });

/** PutMetricAlarm's limits: a period of 10, 20, 30 s or whole minutes; at most 7 days evaluated, 1 day under hourly periods. */
export const checkEvaluationRange = (id: string, options: AlarmOptions): void => {
  const period = (options.metric.toMetricConfig().metricStat?.period ?? FIVE_MINUTES).toSeconds();
  const range = period * options.evaluationPeriods;
  if (![10, 20, 30].includes(period) && period % 60 !== 0)
    throw new Error(`${id}: an alarm period must be 10, 20, 30 seconds or whole minutes, got ${period} s`);
  const limit = period < 3600 ? 86_400 : 604_800;
  if (range > limit)
    throw new Error(
      `${id}: CloudWatch evaluates at most ${limit / 86_400} day(s) for this period, got ${options.evaluationPeriods} x ${period} s`,
    );
};
