import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { extractMetrics, parseJsonLogLine } from '../../support/cloudwatch-emf.ts';
import { recipeEvent, seedEvent, uuidV7 } from '../../support/events.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

// Ids a little before the envelope's time (support/events.ts), each its own: never future-dated.
let ticks = 0;
const idTime = () => Date.parse('2026-11-26T09:15:00Z') + 10 * ticks++;

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

/** Loads the handler module fresh, as a new Lambda execution environment would. */
const loadHandler = async (env: Record<string, string | undefined>) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import('../../../lambda/status/handler.ts')).handler;
};

const captureStdout = () => {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
};

describe('handler', () => {
  it('records the event at the endpoint from AWS_ENDPOINT_URL_DYNAMODB and logs one EMF line', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'recipe-status-fn',
    });
    const lines = captureStdout();

    // Act
    const result = await handler(seedEvent(), lambdaContext());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(lines).toHaveLength(1);
    const log = JSON.parse(lines[0] ?? '');
    expect(log).toMatchObject({
      outcome: 'applied',
      eventId: '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f',
      recipeUid: '48a3aa3dxxxxxxxxxxxxxxxxdf1199cd',
      FunctionName: 'recipe-status-fn',
      EventsApplied: 1,
    });
    expect(log._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'EventsApplied', Unit: 'Count' }]);
  });

  it('resolves an invalid event as rejected, logging its issues and a reference, not the event', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    });
    const lines = captureStdout();
    const event = recipeEvent({ id: uuidV7(idTime()) });
    event.detail.payload.deviceIdentityHash = '';

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result.outcome).toBe('rejected');
    const log = JSON.parse(lines[0] ?? '');
    expect(log).toMatchObject({
      level: 'WARN',
      outcome: 'rejected',
      EventsRejected: 1,
      issues: [{ field: 'detail.payload.deviceIdentityHash', message: 'must not be empty' }],
      rejectedKey: result.rejectedKey,
    });
    expect(lines[0]).not.toContain('"payload"');
  });

  it('throws when DynamoDB fails, so Lambda retries and dead-letters', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: 'absent-table',
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    });
    const lines = captureStdout();

    // Act and assess
    await expect(handler(seedEvent(), lambdaContext())).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'ERROR',
      eventId: '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f',
      recipeUid: '48a3aa3dxxxxxxxxxxxxxxxxdf1199cd',
      errorName: 'ResourceNotFoundException',
    });
  });

  it('writes lines CloudWatch reads: the metric, the request id, and the cold start only first', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'recipe-status-fn',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_LEVEL: 'INFO',
    });
    const lines = captureStdout();
    const [first, second] = [lambdaContext(), lambdaContext()];

    // Act
    await handler(recipeEvent({ id: uuidV7(idTime()), recipeUid: 'cold-1' }), first);
    await handler(recipeEvent({ id: uuidV7(idTime() + 1), recipeUid: 'cold-1' }), second);

    // Assess
    expect(lines).toHaveLength(2);
    const metrics = lines.map((line) => extractMetrics(line));
    expect(
      metrics.flat().map(({ namespace, name, value, unit, dimensions }) => ({
        namespace,
        name,
        value,
        unit,
        dimensions,
      })),
    ).toEqual([
      {
        namespace: 'RecipeStatus',
        name: 'EventsApplied',
        value: 1,
        unit: 'Count',
        dimensions: { FunctionName: 'recipe-status-fn' },
      },
      {
        namespace: 'RecipeStatus',
        name: 'EventsApplied',
        value: 1,
        unit: 'Count',
        dimensions: { FunctionName: 'recipe-status-fn' },
      },
    ]);
    expect(lines.map((line) => parseJsonLogLine(line))).toMatchObject([
      { level: 'INFO', requestId: first.awsRequestId, coldStart: true },
      { level: 'INFO', requestId: second.awsRequestId, coldStart: false },
    ]);
  });

  it('counts no cold start where INIT ran ahead of the invocation (provisioned concurrency)', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency',
    });
    const lines = captureStdout();

    // Act
    await handler(recipeEvent({ id: uuidV7(idTime()), recipeUid: 'warm-1' }), lambdaContext());

    // Assess
    expect(parseJsonLogLine(lines[0] ?? '')).toMatchObject({ coldStart: false });
  });

  it('still writes an INFO outcome line at WARN, raised to WARN: no metric is lost to log filtering', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_LAMBDA_LOG_LEVEL: 'WARN',
    });
    const lines = captureStdout();

    // Act
    await handler(recipeEvent({ id: uuidV7(idTime()), recipeUid: 'warn-1' }), lambdaContext());

    // Assess
    expect(lines).toHaveLength(1);
    expect(parseJsonLogLine(lines[0] ?? '')).toMatchObject({ level: 'WARN', levelRaisedFrom: 'INFO' });
    expect(extractMetrics(lines[0] ?? '').map((metric) => metric.name)).toEqual(['EventsApplied']);
  });

  it('leaves out the failure line below the configured level, and still throws', async () => {
    // Prepare
    const handler = await loadHandler({
      TABLE_NAME: 'absent-table',
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_LAMBDA_LOG_LEVEL: 'FATAL',
    });
    const lines = captureStdout();

    // Act and assess
    await expect(handler(seedEvent(), lambdaContext())).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(lines).toEqual([]);
  });

  it.each([undefined, '', '  '])(
    'fails to load with a message naming TABLE_NAME when it is %j',
    async (value) => {
      // A fresh module graph has its own ConfigurationError class, so match by name.
      await expect(loadHandler({ TABLE_NAME: value })).rejects.toMatchObject({
        name: 'ConfigurationError',
        message: expect.stringMatching(/^TABLE_NAME is not set/),
      });
    },
  );

  it('fails to load when a retention is not a whole number of days', async () => {
    await expect(loadHandler({ TABLE_NAME: 't', HISTORY_RETENTION_DAYS: '1.5' })).rejects.toThrow(
      'HISTORY_RETENTION_DAYS must be a whole number above 0, got "1.5"',
    );
  });
});
