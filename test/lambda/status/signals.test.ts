import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lambda/status/config.ts';
import { outcomeLogLine } from '../../../lambda/status/outcome-log.ts';
import type { EventResult } from '../../../lambda/status/process-event.ts';
import { noCapacity } from '../../../lambda/store/status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const AT = new Date('2026-11-26T10:00:00.000Z');
const INVOCATION = { requestId: 'req-1', coldStart: false, logLevel: 'INFO' } as const;
const CONTEXT = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 12_000 };
const metricsOf = (line: string): string[] =>
  JSON.parse(line)._aws.CloudWatchMetrics[0].Metrics.map((metric: { Name: string }) => metric.Name);

describe('the outcome line of an event whose id was future-dated', () => {
  const result: EventResult = {
    outcome: 'applied',
    eventId: 'e',
    recipeUid: 'r',
    idTimeDistrusted: true,
    capacity: noCapacity(),
  };

  it('says so, and counts it as EventsFutureDated beside its outcome', () => {
    // Act
    const line = outcomeLogLine(result, 'fn', AT, INVOCATION);

    // Assess
    expect(metricsOf(line)).toEqual(['EventsApplied', 'EventsFutureDated']);
    expect(JSON.parse(line)).toMatchObject({
      EventsApplied: 1,
      EventsFutureDated: 1,
      idTimeDistrusted: true,
      orderedBy: 'eventTime',
    });
  });

  it('counts an envelope time beyond the recorded time as EventsFutureDated too', () => {
    const { idTimeDistrusted: _, ...rest } = result;
    const line = outcomeLogLine({ ...rest, eventTimeDistrusted: true }, 'fn', AT, INVOCATION);
    expect(metricsOf(line)).toEqual(['EventsApplied', 'EventsFutureDated']);
    expect(JSON.parse(line)).toMatchObject({ eventTimeDistrusted: true, orderedBy: 'recordedAt' });
  });

  it('counts nothing more for an ordinary event', () => {
    // Prepare
    const { idTimeDistrusted: _, ...ordinary } = result;

    // Act
    const line = JSON.parse(outcomeLogLine(ordinary, 'fn', AT, INVOCATION));

    // Assess
    expect(line._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'EventsApplied', Unit: 'Count' }]);
    expect(line.idTimeDistrusted).toBeUndefined();
    expect(line.EventsFutureDated).toBeUndefined();
  });

  it('counts a valid event DynamoDB refused as EventsRefusedByStore beside EventsRejected', () => {
    // Prepare
    const refused: EventResult = {
      outcome: 'rejected',
      eventId: 'e',
      recipeUid: 'r',
      issues: [{ field: '(store)', message: 'DynamoDB (ValidationException) refused …' }],
      refusedByStore: true,
      capacity: noCapacity(),
    };

    // Act
    const line = outcomeLogLine(refused, 'fn', AT, INVOCATION);

    // Assess
    expect(metricsOf(line)).toEqual(['EventsRejected', 'EventsRefusedByStore']);
    expect(JSON.parse(line)).toMatchObject({ level: 'WARN', refusedByStore: true });
  });
});

describe('FUTURE_TOLERANCE_SECONDS', () => {
  it('is 5 minutes when unset', () => {
    expect(loadConfig({ TABLE_NAME: 't' }).futureToleranceMs).toBe(300_000);
  });

  it('is read in seconds', () => {
    expect(loadConfig({ TABLE_NAME: 't', FUTURE_TOLERANCE_SECONDS: '60' }).futureToleranceMs).toBe(60_000);
  });

  it.each(['-1', '0', '1.5', 'five'])('refuses %j, naming the variable', (value) => {
    expect(() => loadConfig({ TABLE_NAME: 't', FUTURE_TOLERANCE_SECONDS: value })).toThrow(
      `FUTURE_TOLERANCE_SECONDS must be a whole number above 0, got "${value}"`,
    );
  });
});

describe('the handler', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('distrusts an id beyond the configured tolerance, and logs the count', async () => {
    // Prepare
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
    vi.stubEnv('FUTURE_TOLERANCE_SECONDS', '60');
    const { handler } = await import('../../../lambda/status/handler.ts');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    // Two minutes ahead: inside the default 5 minutes, beyond the configured 60 s.
    const id = uuidV7(Date.parse('2026-11-26T09:17:02Z'));

    // Act
    const result = await handler(recipeEvent({ id, time: '2026-11-26T09:15:02Z' }), CONTEXT);

    // Assess
    expect(result).toMatchObject({ outcome: 'applied', idTimeDistrusted: true });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ EventsFutureDated: 1, idTimeDistrusted: true });
  });
});
