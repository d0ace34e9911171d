// The dashboard the on-call engineer opens first.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INGEST_METRICS, OUTCOME_METRICS } from '../../lambda/shared/metric-names.ts';
import { functionCount } from './alarm-options.ts';

export interface DashboardProps {
  readonly statusFunction: lambda.IFunction;
  readonly ingestFunction?: lambda.IFunction | undefined;
  readonly ruleDeadLetterQueue: sqs.IQueue;
  readonly failureQueue: sqs.IQueue;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const MINUTE = Duration.minutes(1);

/** What the on-call engineer opens first: outcomes per minute, failures, dead letters, ingestion answers, alarms. */
export const createDashboard = (
  scope: Construct,
  id: string,
  props: DashboardProps,
): cloudwatch.Dashboard => {
  const graph = (title: string, left: cloudwatch.IMetric[]) =>
    new cloudwatch.GraphWidget({ title, left, width: 12, height: 6 });
  const perMinute = (fn: lambda.IFunction, names: Record<string, string>) =>
    Object.entries(names).map(([label, name]) => functionCount(fn, name, MINUTE).with({ label }));
  const failures = (fn: lambda.IFunction) => [
    fn.metricErrors({ period: MINUTE, statistic: 'Sum', label: 'errors' }),
    fn.metricThrottles({ period: MINUTE, statistic: 'Sum', label: 'throttles' }),
  ];
  const depth = (queue: sqs.IQueue, label: string) =>
    queue.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum', label });

  const dashboard = new cloudwatch.Dashboard(scope, id, { defaultInterval: Duration.hours(3) });
  dashboard.addWidgets(
    graph('Status outcomes per minute', perMinute(props.statusFunction, OUTCOME_METRICS)),
    graph('Status function errors and throttles', failures(props.statusFunction)),
  );
  dashboard.addWidgets(
    graph('Dead-letter depth', [
      depth(props.ruleDeadLetterQueue, 'rule dead-letter queue'),
      depth(props.failureQueue, 'failure queue'),
    ]),
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 12, height: 6 }),
  );
  const ingest = props.ingestFunction;
  if (ingest !== undefined) {
    dashboard.addWidgets(
      graph('Ingestion answers per minute', [
        ...perMinute(ingest, INGEST_METRICS),
        ingest.metric('Url4xxCount', { period: MINUTE, statistic: 'Sum', label: 'URL 4xx' }),
        ingest.metric('Url5xxCount', { period: MINUTE, statistic: 'Sum', label: 'URL 5xx' }),
      ]),
      graph('Ingestion function errors and throttles', failures(ingest)),
    );
  }
  return dashboard;
};
