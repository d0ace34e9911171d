import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbLocalError, startDynamoDbLocal } from '../../dynamodb-local/launcher.ts';

describe('startDynamoDbLocal', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', () => done()));
    const address = busy.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(() => new Promise<void>((done) => busy.close(() => done())));

  it('refuses a port in use with a message naming it', async () => {
    const start = startDynamoDbLocal({ port });
    await expect(start).rejects.toThrow(DynamoDbLocalError);
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(
      `port ${port} is in use: stop what listens there or choose another port`,
    );
  });
});
