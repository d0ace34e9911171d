import type { Environment } from './environment.ts';

/**
 * Lambda's application log level. With the JSON log format Lambda sets
 * `AWS_LAMBDA_LOG_LEVEL` from the function's `applicationLogLevel` and drops
 * every line below it: console.* lines in the Node.js runtime itself, and JSON
 * lines written straight to stdout by their `level` field, a line without a
 * valid `level` and an RFC 3339 `timestamp` counting as INFO.
 */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const isLogLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);

/** The configured level; TRACE (everything) when unset or unknown, as the Node.js runtime does. */
export const configuredLogLevel = (env: Environment): LogLevel => {
  const value = env.AWS_LAMBDA_LOG_LEVEL?.trim().toUpperCase() ?? '';
  return isLogLevel(value) ? value : 'TRACE';
};

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

/** Whether a line at `level` reaches CloudWatch under `threshold`. */
export const isWritten = (level: LogLevel, threshold: LogLevel): boolean => rank(level) >= rank(threshold);

/**
 * The level a line carrying metrics is written at. Metrics must never be lost
 * to log filtering, so such a line is always written, and its level is raised
 * to the threshold when below it: at WARN, an INFO outcome line goes out as WARN.
 */
export const metricLineLevel = (level: LogLevel, threshold: LogLevel): LogLevel =>
  isWritten(level, threshold) ? level : threshold;
