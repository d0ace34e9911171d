import { METRIC_NAMESPACE } from './metric-names.ts';

/**
 * One JSON log line that is also a CloudWatch embedded-metric document: a
 * count of 1 for `metric`, by function, so a metric costs no extra line or
 * API call. It goes straight to stdout: Lambda's console prefix would hide
 * the line from the EMF parser.
 */
export const embeddedMetricLine = (
  metric: string,
  functionName: string,
  at: Date,
  fields: Readonly<Record<string, unknown>>,
): string =>
  JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: [{ Name: metric, Unit: 'Count' }],
        },
      ],
    },
    FunctionName: functionName,
    [metric]: 1,
    ...fields,
  });
