/**
 * Reads a log line as CloudWatch would, by the published rules rather than by
 * our code: Lambda's JSON log format (a JSON object; its `level` and its RFC
 * 3339 `timestamp` are what log-level filtering reads) and the embedded metric
 * format specification (`_aws.Timestamp` a number of epoch milliseconds;
 * `_aws.CloudWatchMetrics` directives, each with a Namespace, Dimensions as
 * arrays of member names and Metrics with a Name; each dimension a top-level
 * string member and each metric a top-level number). Throws with the rule a
 * line breaks; returns the metrics CloudWatch would extract.
 */
export interface ExtractedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string | undefined;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (rule: string): never => {
  throw new Error(`not a line CloudWatch reads as intended: ${rule}`);
};

/** The line as Lambda's JSON log format sees it: one JSON object, with the level and time it filters on. */
export const parseJsonLogLine = (line: string): Record<string, unknown> => {
  // A newline inside would split the document into log events of its own.
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (body.includes('\n')) fail('one line, one log event');
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return fail('valid JSON');
  }
  if (!isObject(document)) return fail('a JSON object');
  if (typeof document.level !== 'string' || !LEVELS.includes(document.level.toUpperCase()))
    fail('a valid "level", or Lambda files the line as INFO');
  if (typeof document.timestamp !== 'string' || !RFC_3339.test(document.timestamp))
    fail('an RFC 3339 "timestamp", or Lambda ignores the level');
  return document;
};

export const extractMetrics = (line: string): ExtractedMetric[] => {
  const document = parseJsonLogLine(line);
  const aws = document._aws;
  if (!isObject(aws)) return fail('an "_aws" object');
  if (typeof aws.Timestamp !== 'number' || !Number.isInteger(aws.Timestamp))
    fail('_aws.Timestamp, epoch milliseconds as a number');
  const timestamp = Number(aws.Timestamp);
  const directives = aws.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0) return fail('_aws.CloudWatchMetrics');
  const extracted: ExtractedMetric[] = [];
  for (const directive of directives) {
    if (!isObject(directive)) return fail('a metric directive object');
    const { Namespace, Dimensions, Metrics } = directive;
    if (typeof Namespace !== 'string' || Namespace.length === 0 || Namespace.length > 1024)
      fail('a Namespace of 1 to 1024 characters');
    if (!Array.isArray(Dimensions)) return fail('Dimensions, an array of dimension sets');
    if (!Array.isArray(Metrics) || Metrics.length === 0 || Metrics.length > 100)
      return fail('Metrics, 1 to 100 of them');
    for (const set of Dimensions) {
      if (!Array.isArray(set) || set.length > 30) fail('each dimension set an array of at most 30 names');
    }
    const dimensionSets = Dimensions as unknown[][];
    for (const set of dimensionSets) {
      for (const name of set) {
        if (typeof name !== 'string') fail('dimension names are strings');
        if (typeof document[String(name)] !== 'string')
          fail(`dimension ${String(name)}: a top-level string member`);
      }
    }
    for (const metric of Metrics) {
      if (!isObject(metric) || typeof metric.Name !== 'string' || metric.Name.length === 0)
        return fail('each metric with a Name');
      const value = document[metric.Name];
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail(`metric ${metric.Name}: a top-level number member`);
      for (const set of dimensionSets) {
        extracted.push({
          namespace: String(Namespace),
          name: metric.Name,
          value,
          unit: typeof metric.Unit === 'string' ? metric.Unit : undefined,
          dimensions: Object.fromEntries(set.map((name) => [String(name), String(document[String(name)])])),
          timestamp,
        });
      }
    }
  }
  return extracted;
};
