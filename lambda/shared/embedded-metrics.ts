import type { InvocationLog } from './invocation.ts';
import { type LogLevel, metricLineLevel } from './log-level.ts';
import { METRIC_NAMESPACE } from './metric-names.ts';

/**
 * One JSON log line that is also a CloudWatch embedded-metric document: a
 * count of 1 for each of `metrics`, by function, so a metric costs no extra
 * line or API call. It goes straight to stdout, never through console.*: the
 * runtime would wrap it (a text prefix, or a JSON `message` string under the
 * JSON log format) and the EMF parser would not see `_aws` at the top level.
 * Lambda does not re-encode a line that is already JSON, and filters it by
 * its `level`, which counts only beside a valid RFC 3339 `timestamp`: both are
 * always set, and the level is raised to the configured one so that no metric
 * is lost to filtering (`levelRaisedFrom` then keeps the line's own level).
 */
export const embeddedMetricLine = (
  metrics: string | readonly string[],
  functionName: string,
  at: Date,
  invocation: InvocationLog,
  fields: Readonly<Record<string, unknown>> & { readonly level: LogLevel },
): string => {
  const names = typeof metrics === 'string' ? [metrics] : metrics;
  const { level, ...rest } = fields;
  const written = metricLineLevel(level, invocation.logLevel);
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: names.map((name) => ({ Name: name, Unit: 'Count' })),
        },
      ],
    },
    timestamp: at.toISOString(),
    level: written,
    ...(written !== level && { levelRaisedFrom: level }),
    requestId: invocation.requestId,
    coldStart: invocation.coldStart,
    FunctionName: functionName,
    ...Object.fromEntries(names.map((name) => [name, 1])),
    ...rest,
  });
};
