import { METRIC_NAMESPACE } from './metric-names.ts';

/**
 * One JSON log line that is also a CloudWatch embedded-metric document: a
 * count of 1 for each metric named, by function, so a metric costs no extra
 * line or API call. It goes straight to stdout: Lambda's console prefix would
 * hide the line from the EMF parser.
 */
export const embeddedMetricLine = (
  metric: string | readonly string[],
  functionName: string,
  at: Date,
  fields: Readonly<Record<string, unknown>>,
): string => {
  const metrics = typeof metric === 'string' ? [metric] : metric;
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: metrics.map((name) => ({ Name: name, Unit: 'Count' })),
        },
      ],
    },
    FunctionName: functionName,
    ...Object.fromEntries(metrics.map((name) => [name, 1])),
    ...fields,
  });
};
