import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../lambda/store/dynamodb-client.ts';
import { startThrottlingProxy, type ThrottlingProxy } from '../../support/throttling-proxy.ts';

// Every write is throttled, so nothing ever reaches the (absent) table behind the proxy.
let proxy: ThrottlingProxy;
beforeAll(async () => {
  proxy = await startThrottlingProxy('http://127.0.0.1:9', { writesPerSecond: 0, burst: 0 });
});
afterAll(() => proxy.close());

let before = 0;
beforeEach(() => {
  before = proxy.counts().throttled;
});
const throttledSince = () => proxy.counts().throttled - before;

const put = (retryDeadline: () => number | undefined, maxAttempts?: number) =>
  createDocumentClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    retryDeadline,
    ...(maxAttempts !== undefined && { maxAttempts }),
  }).send(new PutCommand({ TableName: 'throttled', Item: { pk: 'a', sk: 'b' } }));

describe("the functions' DynamoDB client under throttling", () => {
  it('retries a throttled write until its attempts run out, and throws DynamoDB’s own error', async () => {
    // Prepare
    const far = Date.now() + 60_000;

    // Act
    const error = await put(() => far, 4).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400, attempts: 4 },
    });
    expect(throttledSince()).toBe(4);
  });

  it('stops retrying when the next attempt could end past the deadline, still with DynamoDB’s error', async () => {
    // Prepare: room for the first attempt (3 s at its timeouts) and 400 ms of retries, no more.
    const deadline = Date.now() + 3_400;

    // Act
    const error = await put(() => deadline).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    const attempts = (error as { $metadata: { attempts: number } }).$metadata.attempts;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThan(10);
    expect(throttledSince()).toBe(attempts);
  });

  it('sends nothing once too little time is left for one attempt', async () => {
    // Prepare
    const deadline = Date.now() + 1_000;

    // Act and assess
    await expect(put(() => deadline)).rejects.toMatchObject({ name: 'DeadlineReachedError' });
    expect(throttledSince()).toBe(0);
  });
});
