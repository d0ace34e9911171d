import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { redrive } from '../../../cli/pipelines/redrive.ts';
import { replay } from '../../../cli/pipelines/replay.ts';
import { reprocessRejected } from '../../../cli/pipelines/reprocess.ts';
import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { toRejectedRecord } from '../../../lambda/records/records.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { rejectedItem } from '../../../lambda/store/items.ts';
import {
  createRecipeStatusQueries,
  type RecipeStatusQueries,
} from '../../../lambda/store/queries/queries.ts';
import { createRejectedRecords } from '../../../lambda/store/rejected-records.ts';
import type { StatusStore } from '../../../lambda/store/status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

// Every re-run bounds an event's envelope time by when it first reached the component, not by its own clock.

const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/recipe-status-failures';
const FIRST_ARRIVAL = '2026-11-26T10:00:00.000Z';
const REAL_TIME = '2026-11-26T22:00:00.000Z';
const FORGED_TIME = '2026-11-27T10:00:00.000Z';
// Two days after the forged event first arrived: its forged time has passed, so the re-run's clock bounds nothing.
const rerunNow = () => new Date('2026-11-28T10:00:00.000Z');

const at = (iso: string, uid: string, status: 'Pending' | 'Applied' | 'Failed' | 'Invalid', seed: number) =>
  recipeEvent({ id: uuidV7(Date.parse(iso), Buffer.alloc(10, seed)), recipeUid: uid, status, time: iso });

let table: TestTable;
let store: StatusStore;
let queries: RecipeStatusQueries;

beforeEach(async () => {
  table = await createTestTable();
  store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
  queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
});

/** The real event, recorded live when it happened. */
const recordRealEvent = (uid: string) =>
  processEvent(at(REAL_TIME, uid, 'Applied', 1), { store, now: () => new Date(REAL_TIME) });

describe('a re-run orders an event by its first arrival', () => {
  it('rejected --reprocess: a forged future time is stale behind a real event that came between', async () => {
    // Prepare
    await recordRealEvent('r1');
    const forged = at(FORGED_TIME, 'r1', 'Failed', 2);
    const record = toRejectedRecord(
      forged,
      [{ field: 'detail', message: 'refused then' }],
      new Date(FIRST_ARRIVAL),
    );
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: rejectedItem(record, undefined) }),
    );
    const rejected = createRejectedRecords(table.documentClient, table.tableName);

    // Act
    const lines = await reprocessRejected(rejected.list(), {
      status: { store, now: rerunNow },
      rejected,
      pattern: recipeStatusEventPattern(),
      dryRun: false,
    });

    // Assess
    expect(lines.map((line) => [line.outcome, line.action])).toEqual([['stale', 'removed']]);
    expect((await queries.getRecipe('r1', { consistentRead: true }))?.status).toBe('Applied');
  });

  it('rejected --reprocess: a record whose event was not kept is said so, not "not JSON"', async () => {
    // Prepare
    const record = toRejectedRecord(at(FORGED_TIME, 'r2', 'Failed', 3), [], new Date(FIRST_ARRIVAL));
    const notKept = { ...record, raw: '', rawNotKept: 'the input is nested too deeply' };
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: rejectedItem(notKept, undefined) }),
    );
    const rejected = createRejectedRecords(table.documentClient, table.tableName);

    // Act
    const lines = await reprocessRejected(rejected.list(), {
      status: { store, now: rerunNow },
      rejected,
      pattern: recipeStatusEventPattern(),
      dryRun: true,
    });

    // Assess
    expect(lines.map((line) => [line.outcome, line.reasons])).toEqual([
      ['not re-processable', ['the event was not kept: the input is nested too deeply']],
    ]);
  });

  it('redrive: a forged future time is bounded by when the message was dead-lettered', async () => {
    // Prepare
    await recordRealEvent('r3');
    const sqsMock = mockClient(SQSClient);
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'm1',
            ReceiptHandle: 'h1',
            Body: JSON.stringify(at(FORGED_TIME, 'r3', 'Failed', 4)),
            Attributes: { SentTimestamp: String(Date.parse(FIRST_ARRIVAL)) },
          },
        ],
      })
      .resolves({});

    // Act
    const lines = await redrive({
      sqs: new SQSClient({ region: 'eu-central-1' }),
      queueUrl: QUEUE_URL,
      dryRun: true,
      pattern: recipeStatusEventPattern(),
      processEvent: (event, arrivedAt) => processEvent(event, { store, now: rerunNow, arrivedAt }),
    });

    // Assess
    expect(lines.map((line) => line.outcome)).toEqual(['stale']);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)[0]?.args[0].input.MessageSystemAttributeNames).toEqual(
      ['SentTimestamp'],
    );
    sqsMock.restore();
  });

  it('replay: an archived event is recorded as first arriving at its own time', async () => {
    // Act
    const report = await replay([{ line: 1, event: at(REAL_TIME, 'r4', 'Applied', 5) }], {
      pattern: recipeStatusEventPattern(),
      handle: (event, arrivedAt) => processEvent(event, { store, now: rerunNow, arrivedAt }),
    });

    // Assess
    expect(report.lines.map((line) => line.outcome)).toEqual(['applied']);
    expect(await queries.getRecipe('r4', { consistentRead: true })).toMatchObject({
      recordedAt: '2026-11-28T10:00:00.000Z',
      arrivedAt: REAL_TIME,
    });
  });
});
