import { describe, expect, it } from 'vitest';
import { embeddedMetricLine } from '../../../lambda/shared/embedded-metrics.ts';
import { configuredLogLevel, type LogLevel } from '../../../lambda/shared/log-level.ts';
import { extractMetrics, parseJsonLogLine } from '../../support/cloudwatch-emf.ts';

const AT = new Date('2026-11-26T08:00:00.000Z');
const invocation = (logLevel: LogLevel) => ({
  requestId: 'c0ffee00-0000-4000-8000-000000000001',
  coldStart: true,
  logLevel,
});

describe('an embedded-metric log line', () => {
  it('is read by CloudWatch as every metric it names, by function, at its time', () => {
    // Act
    const line = embeddedMetricLine(
      ['DeliveriesUnreadable', 'PublishFailures'],
      'ingest',
      AT,
      invocation('INFO'),
      {
        level: 'ERROR',
        message: 'signed delivery refused',
      },
    );

    // Assess
    expect(extractMetrics(line)).toEqual(
      ['DeliveriesUnreadable', 'PublishFailures'].map((name) => ({
        namespace: 'RecipeStatus',
        name,
        value: 1,
        unit: 'Count',
        dimensions: { FunctionName: 'ingest' },
        timestamp: AT.getTime(),
      })),
    );
    expect(parseJsonLogLine(line)).toMatchObject({
      timestamp: '2026-11-26T08:00:00.000Z',
      level: 'ERROR',
      requestId: 'c0ffee00-0000-4000-8000-000000000001',
      coldStart: true,
    });
  });

  it.each<[LogLevel, LogLevel, LogLevel, LogLevel | undefined]>([
    ['INFO', 'TRACE', 'INFO', undefined],
    ['INFO', 'INFO', 'INFO', undefined],
    ['INFO', 'WARN', 'WARN', 'INFO'],
    ['WARN', 'ERROR', 'ERROR', 'WARN'],
    ['ERROR', 'WARN', 'ERROR', undefined],
    ['INFO', 'FATAL', 'FATAL', 'INFO'],
  ])(
    'at level %s under %s is written as %s (raised from %s), so its metric is kept',
    (own, threshold, written, raisedFrom) => {
      const line = parseJsonLogLine(
        embeddedMetricLine('EventsApplied', 'fn', AT, invocation(threshold), { level: own }),
      );

      expect(line.level).toBe(written);
      expect(line.levelRaisedFrom).toBe(raisedFrom);
    },
  );
});

describe('the reader the tests use', () => {
  it('refuses what CloudWatch would not read as metrics: an EMF document wrapped by console.log', () => {
    // Prepare: what the Node.js runtime writes for console.log(line) under the JSON log format.
    const inner = embeddedMetricLine('EventsApplied', 'fn', AT, invocation('INFO'), { level: 'INFO' });
    const wrapped = JSON.stringify({
      timestamp: AT.toISOString(),
      level: 'INFO',
      requestId: 'r',
      message: inner,
    });

    // Act and assess
    expect(() => extractMetrics(wrapped)).toThrow(/"_aws"/);
  });

  it.each([
    ['no timestamp', { level: 'INFO' }, /timestamp/],
    ['a numeric timestamp', { level: 'INFO', timestamp: AT.getTime() }, /timestamp/],
    ['no level', { timestamp: AT.toISOString() }, /level/],
  ])('refuses a line with %s: Lambda would file it as INFO', (_case, line, rule) => {
    expect(() => parseJsonLogLine(JSON.stringify(line))).toThrow(rule);
  });

  it('refuses a metric whose value is not a top-level number', () => {
    // Prepare
    const line = JSON.parse(
      embeddedMetricLine('EventsApplied', 'fn', AT, invocation('INFO'), { level: 'INFO' }),
    );
    line.EventsApplied = '1';

    // Act and assess
    expect(() => extractMetrics(JSON.stringify(line))).toThrow(/EventsApplied/);
  });
});

describe('the configured log level', () => {
  it.each([
    [undefined, 'TRACE'],
    ['', 'TRACE'],
    ['warn', 'WARN'],
    [' ERROR ', 'ERROR'],
    ['verbose', 'TRACE'],
  ])('reads AWS_LAMBDA_LOG_LEVEL %j as %s', (value, level) => {
    expect(configuredLogLevel({ AWS_LAMBDA_LOG_LEVEL: value })).toBe(level);
  });
});
