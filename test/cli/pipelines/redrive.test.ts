import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { redrive } from '../../../cli/pipelines/redrive.ts';
import { createDryRunStore } from '../../../cli/store/dry-run-store.ts';
import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import {
  createRecipeStatusQueries,
  type RecipeStatusQueries,
} from '../../../lambda/store/queries/queries.ts';
import type { StatusStore } from '../../../lambda/store/status-store.ts';
import { recipeEvent, seedEvent, uuidV7 } from '../../support/events.ts';
import { createTestTable } from '../../support/test-table.ts';

const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/recipe-status-failures';
const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');

const first = recipeEvent({ id: uuidV7(T0, Buffer.alloc(10, 1)), recipeUid: 'r1', status: 'Pending' });
const second = recipeEvent({
  id: uuidV7(T0 + 1_000, Buffer.alloc(10, 2)),
  recipeUid: 'r1',
  status: 'Applied',
});
const throttled = recipeEvent({
  id: uuidV7(T0 + 2_000, Buffer.alloc(10, 3)),
  recipeUid: 'r2',
  status: 'Failed',
});
const invalid = recipeEvent({ id: uuidV7(T0 + 3_000, Buffer.alloc(10, 4)), recipeUid: 'r3' });
invalid.detail.payload.status = 'Done' as 'Pending';

/** A Lambda on-failure destination record, as Lambda writes it to SQS. */
const invocationRecord = (event: unknown) => ({
  version: '1.0',
  timestamp: '2026-11-26T09:00:00.000Z',
  requestContext: {
    requestId: 'c0ffee',
    functionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:recipe-status:$LATEST',
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: event,
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'ProvisionedThroughputExceededException', errorMessage: 'Rate exceeded' },
});

const MESSAGES: Message[] = [
  { MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(first) },
  { MessageId: 'm2', ReceiptHandle: 'h2', Body: JSON.stringify(invocationRecord(second)) },
  { MessageId: 'm3', ReceiptHandle: 'h3', Body: JSON.stringify(invocationRecord(throttled)) },
  { MessageId: 'm4', ReceiptHandle: 'h4', Body: JSON.stringify(invalid) },
  { MessageId: 'm5', ReceiptHandle: 'h5', Body: 'not json' },
  {
    MessageId: 'm6',
    ReceiptHandle: 'h6',
    Body: JSON.stringify({ ...seedEvent(), 'detail-type': 'Other.Event' }),
  },
  // Redelivered by SQS within the same run: seen already, so the run ends.
  { MessageId: 'm1', ReceiptHandle: 'h1-again', Body: JSON.stringify(first) },
];

const sqsMock = mockClient(SQSClient);
let store: StatusStore;
let dryRunStore: StatusStore;
let queries: RecipeStatusQueries;

beforeEach(async () => {
  sqsMock.reset();
  sqsMock
    .on(ReceiveMessageCommand)
    .resolvesOnce({ Messages: MESSAGES.slice(0, 3) })
    .resolvesOnce({ Messages: MESSAGES.slice(3, 6) })
    .resolvesOnce({ Messages: MESSAGES.slice(6) })
    .resolves({});
  sqsMock.on(DeleteMessageCommand).resolves({});
  sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
  const table = await createTestTable();
  store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
  dryRunStore = createDryRunStore(table.documentClient, table.tableName);
  queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
});

/** The real code path, except that DynamoDB "throttles" the one event of recipe r2. */
const processWithThrottle =
  (on: () => StatusStore = () => store) =>
  (event: unknown) => {
    if (event !== null && typeof event === 'object' && JSON.stringify(event) === JSON.stringify(throttled)) {
      return Promise.reject(
        Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }),
      );
    }
    return processEvent(event, { store: on(), now });
  };

const deletedHandles = () =>
  sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle);
const madeVisibleHandles = () =>
  sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input.ReceiptHandle);

describe('redrive', () => {
  it('applies events of both dead-letter formats and deletes only what was recorded', async () => {
    // Act
    const lines = await redrive({
      sqs: new SQSClient({ region: 'eu-central-1' }),
      queueUrl: QUEUE_URL,
      dryRun: false,
      pattern: recipeStatusEventPattern(),
      processEvent: processWithThrottle(),
    });

    // Assess
    expect(lines.map((line) => [line.messageId, line.format, line.outcome, line.action])).toEqual([
      ['m1', 'eventbridge', 'applied', 'deleted'],
      ['m2', 'lambda-failure', 'applied', 'deleted'],
      ['m3', 'lambda-failure', 'failed', 'kept'],
      ['m4', 'eventbridge', 'rejected', 'deleted'],
      ['m5', 'unknown', 'unreadable', 'kept'],
      ['m6', 'eventbridge', 'ignored', 'kept'],
    ]);
    expect(lines[2]?.reasons).toEqual(['ProvisionedThroughputExceededException: Rate exceeded']);
    expect(deletedHandles()).toEqual(['h1', 'h2', 'h4']);
    // What stays is made visible again at once, for the next try.
    expect(madeVisibleHandles()).toEqual(['h3', 'h5', 'h6']);
    expect((await queries.getRecipe('r1', { consistentRead: true }))?.status).toBe('Applied');
    expect(await queries.getRecipe('r2', { consistentRead: true })).toBeUndefined();
    expect((await queries.listRejected()).items.map((item) => item.eventId)).toEqual([invalid.detail.id]);
  });

  it('in a dry run, reports what a real run would do, failures included, and writes and deletes nothing', async () => {
    // Act
    const lines = await redrive({
      sqs: new SQSClient({ region: 'eu-central-1' }),
      queueUrl: QUEUE_URL,
      dryRun: true,
      pattern: recipeStatusEventPattern(),
      processEvent: processWithThrottle(() => dryRunStore),
    });

    // Assess
    expect(lines.map((line) => [line.messageId, line.outcome, line.action])).toEqual([
      ['m1', 'applied', 'would delete'],
      ['m2', 'applied', 'would delete'],
      ['m3', 'failed', 'would keep'],
      ['m4', 'rejected', 'would delete'],
      ['m5', 'unreadable', 'would keep'],
      ['m6', 'ignored', 'would keep'],
    ]);
    expect(lines[3]?.reasons).toEqual([
      'detail.payload.status: must be one of Pending, Applied, Failed, Invalid',
    ]);
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toEqual([]);
    expect(madeVisibleHandles()).toEqual(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
    expect(await queries.getRecipe('r1', { consistentRead: true })).toBeUndefined();
    expect((await queries.listRejected()).items).toEqual([]);
  });

  it('keeps a message whose delete fails, as failed, though its event was recorded', async () => {
    // Prepare
    sqsMock
      .on(DeleteMessageCommand, { ReceiptHandle: 'h1' })
      .rejects(Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable' }));

    // Act
    const lines = await redrive({
      sqs: new SQSClient({ region: 'eu-central-1' }),
      queueUrl: QUEUE_URL,
      dryRun: false,
      pattern: recipeStatusEventPattern(),
      processEvent: processWithThrottle(),
    });

    // Assess
    expect(lines[0]).toMatchObject({ messageId: 'm1', outcome: 'failed', action: 'kept' });
    expect(lines[0]?.reasons).toEqual(['ServiceUnavailable: queue unavailable']);
    expect(madeVisibleHandles()).toContain('h1');
  });
});
