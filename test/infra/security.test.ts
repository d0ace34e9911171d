import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../dynamodb-local/launcher.ts';
import { outcomeLogLine } from '../../lambda/status/outcome-log.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDocumentClient } from '../../lambda/store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { historyItem, rejectedItem } from '../../lambda/store/items.ts';
import type { StatusStore } from '../../lambda/store/status-store.ts';
import { noCapacity } from '../../lambda/store/status-store.ts';
import { recipeEvent, seedEvent, statusRecordOf } from '../support/events.ts';
import { synthesize } from '../support/synth.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import {
  allStatements,
  type CfnResource,
  logicalIdOf,
  statementsOf,
  statusFunction,
} from './template-queries.ts';

const INVOCATION = { requestId: 'request-1', coldStart: false, logLevel: 'INFO' } as const;
const CONTEXT = { awsRequestId: 'request-1', getRemainingTimeInMillis: () => 12_000 };

interface SentCommand {
  readonly commandName: string;
  readonly tableName: unknown;
  readonly indexName: unknown;
}

/** A DynamoDB API operation and its IAM action share their name: PutItemCommand is dynamodb:PutItem. */
const actionOf = (commandName: string) => `dynamodb:${commandName.replace(/Command$/, '')}`;

/** The status store as the function builds it, on DynamoDB Local, recording every command it sends. */
const recordingStore = (table: TestTable, sent: SentCommand[]): StatusStore => {
  const client = createDocumentClient({
    endpoint: table.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: unknown; IndexName?: unknown };
      sent.push({
        commandName: context.commandName ?? 'unknown',
        tableName: input.TableName,
        indexName: input.IndexName,
      });
      return next(args);
    },
    { step: 'initialize', name: 'recordSentCommands' },
  );
  const now = () => new Date('2026-11-26T10:00:00.000Z');
  return createDynamoDbStatusStore({ client, tableName: table.tableName, now });
};

describe('security of the synthesized stack', () => {
  const { template } = synthesize({ alarmEmail: 'oncall@example.com', eventBus: 'signageos' });
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });

  it('grants the status function exactly the DynamoDB actions its store sends, on the table alone', async () => {
    // Prepare: a recipe whose next event's history item a crashed attempt already wrote.
    const sent: SentCommand[] = [];
    const store = recordingStore(table, sent);
    const now = () => new Date('2026-11-26T10:00:00.000Z');
    const at = (id: string, time: string, status: 'Pending' | 'Applied' | 'Failed') =>
      recipeEvent({ id, time, status, recipeUid: 'recipe-security' });
    const crashed = at('evt-4', '2026-11-26T09:00:04Z', 'Failed');
    const crashedRecord = statusRecordOf(crashed, now());
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: historyItem(crashedRecord, undefined) }),
    );
    const invalid = { ...seedEvent(), detail: { id: 'evt-x' } };

    // Act: every outcome the store has, and the path that repairs a crash.
    const outcomes: string[] = [];
    for (const event of [
      at('evt-2', '2026-11-26T09:00:02Z', 'Applied'),
      at('evt-1', '2026-11-26T09:00:01Z', 'Pending'),
      at('evt-2', '2026-11-26T09:00:02Z', 'Applied'),
      invalid,
      crashed,
    ]) {
      outcomes.push((await processEvent(event, { store, now })).outcome);
    }

    // Assess: the paths all ran, and the policy allows what they sent, no more, no less.
    expect(outcomes).toEqual(['applied', 'stale', 'duplicate', 'rejected', 'applied']);
    expect(sent.map((command) => command.commandName)).toContain('GetItemCommand');
    for (const command of sent) expect(command).toMatchObject({ tableName: table.tableName });
    for (const command of sent) expect(command.indexName).toBeUndefined();
    const used = [...new Set(sent.map((command) => actionOf(command.commandName)))].sort();
    const granted = statementsOf(template, statusFunction(template)[1]).filter((statement) =>
      statement.Action.some((action) => action.startsWith('dynamodb:')),
    );
    expect(granted).toEqual([
      {
        Effect: 'Allow',
        Action: used,
        Resource: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::DynamoDB::Table'), 'Arn'] },
      },
    ]);
  });

  it('lets no other function touch the table (the change publisher reads its stream alone; the stuck detector is pinned in its own test)', () => {
    const others = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) =>
        fn.Properties.Environment?.Variables?.STUCK_THRESHOLD_MINUTES === undefined &&
        fn.Properties.Environment?.Variables?.TABLE_NAME === undefined,
    ) as CfnResource[];
    expect(others).toHaveLength(2);
    for (const fn of others) {
      const dynamo = statementsOf(template, fn).filter(
        (statement) =>
          statement.Action.some((action) => action.startsWith('dynamodb:')) &&
          !JSON.stringify(statement.Resource).includes('StreamArn'),
      );
      expect(dynamo).toEqual([]);
    }
  });

  it('has no wildcard action or resource in any policy', () => {
    for (const statement of allStatements(template).filter((s) => s.Effect === 'Allow')) {
      for (const action of statement.Action) expect(action).not.toMatch(/\*/);
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|:\*"/);
    }
  });

  it('encrypts every queue and the table', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(2);
    for (const queue of queues) {
      expect(
        queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined,
      ).toBe(true);
    }
    for (const table of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
  });

  it('logs a reference to a rejected event, never the event, however large', async () => {
    // Prepare
    const huge = { ...seedEvent(), padding: 'x'.repeat(1_000_000), detail: 'not an object' };
    const store: StatusStore = {
      recordAccepted: () => Promise.reject(new Error('not expected')),
      recordRejected: async (record) => ({
        outcome: 'rejected',
        key: String(rejectedItem(record, undefined).sk),
        capacity: noCapacity(),
      }),
    };

    // Act
    const result = await processEvent(huge, { store, now: () => new Date() });
    const line = outcomeLogLine(result, 'fn', new Date(), INVOCATION);

    // Assess
    expect(result.outcome).toBe('rejected');
    expect(line.length).toBeLessThan(4_096);
    expect(line).not.toContain('xxxxxxxx');
    expect(JSON.parse(line).rejectedKey).toMatch(/^\d{4}-.*#[0-9a-f]{64}$/);
  });
});

/** Everything written to stdout, stderr or the console while `act` runs. */
const captureOutput = async (act: () => Promise<void>) => {
  const stdout: string[] = [];
  const elsewhere: string[] = [];
  const collect = (into: string[]) =>
    ((chunk: string | Uint8Array) => {
      into.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
  const { stdout: out, stderr: err } = process;
  const [writeOut, writeErr] = [out.write, err.write];
  out.write = collect(stdout);
  err.write = collect(elsewhere);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      elsewhere.push(args.map(String).join(' '));
    });
  try {
    await act();
  } finally {
    out.write = writeOut;
    err.write = writeErr;
    vi.restoreAllMocks();
  }
  return { stdout, elsewhere };
};

describe("the status function's log", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is one bounded JSON line per event, on stdout alone, whatever the event and even on failure', async () => {
    // Prepare: the handler module as Lambda loads it, on a table of DynamoDB Local.
    const table = await createTestTable();
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
    const { handler } = await import('../../lambda/status/handler.ts');
    const huge = 'x'.repeat(1_000_000);
    const valid = recipeEvent({ id: 'evt-log', time: '2026-11-26T09:00:00Z', recipeUid: 'recipe-log' });
    let failure: unknown;

    // Act: applied, duplicate, a huge invalid event; then one the store fails on.
    const { stdout, elsewhere } = await captureOutput(async () => {
      await handler(valid, CONTEXT);
      await handler(valid, CONTEXT);
      await handler({ ...seedEvent(), padding: huge, detail: 'not an object' }, CONTEXT);
      await table.client.send(new DeleteTableCommand({ TableName: table.tableName }));
      const long = { id: 'i'.repeat(1_000_000), payload: { uid: 'u'.repeat(1_000_000) } };
      failure = await handler({ detail: long }, CONTEXT).catch((error) => error);
    });

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(elsewhere).toEqual([]);
    expect(stdout).toHaveLength(4);
    for (const chunk of stdout) {
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk.slice(0, -1)).not.toContain('\n');
      expect(chunk.length).toBeLessThan(4_096);
      expect(chunk).not.toContain('xxxxxxxx');
      expect(() => JSON.parse(chunk)).not.toThrow();
    }
  });
});
