import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { METRIC_NAMESPACE } from '../../lambda/shared/metric-names.ts';

export type AlarmOptions = cloudwatch.CreateAlarmOptions & { readonly metric: cloudwatch.IMetric };

/** Where a part adds its alarms: each gets the component's actions (the `Alarms` construct). */
export interface AlarmSink {
  add(id: string, description: string, options: AlarmOptions): cloudwatch.Alarm;
  atLeast(id: string, description: string, metric: cloudwatch.IMetric, threshold?: number): cloudwatch.Alarm;
}

export const FIVE_MINUTES = Duration.minutes(5);

/** A count one of our functions' embedded-metric log lines emits, summed per period. */
export const functionCount = (fn: lambda.IFunction, metricName: string, period = FIVE_MINUTES) =>
  new cw.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { FunctionName: fn.functionName },
    statistic: 'Sum',
    period,
  });
