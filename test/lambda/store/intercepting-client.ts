import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambda/store/dynamodb-client.ts';

/** A command as the document client receives it: its class and its input. */
export interface SentCommand {
  readonly constructor: { readonly name: string };
  readonly input: { readonly Item?: Record<string, unknown>; readonly Key?: Record<string, unknown> };
}

/**
 * A real document client to DynamoDB Local that runs `before` ahead of every
 * command it sends, to hold one caller at an exact point while others go on.
 * One attempt, with a long timeout: a retry on a loaded machine would take a
 * path the test did not choose (a timed-out put that landed, retried, finds its own item).
 */
export const interceptingClient = (
  endpoint: string,
  before: (command: SentCommand) => Promise<void>,
): DynamoDBDocumentClient => {
  const client = createDocumentClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    requestTimeoutMs: 30_000,
  });
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  return Object.assign(client, {
    send: async (command: SentCommand) => {
      await before(command);
      return send(command);
    },
  });
};

/** True for a put of the given sort key (`CURRENT`, or a prefix such as `EVENT#`). */
export const isPutOf = (command: SentCommand, sortKey: string): boolean =>
  command.constructor.name === 'PutCommand' && String(command.input.Item?.sk ?? '').startsWith(sortKey);

/** A gate a paused caller waits on until the test opens it. */
export const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};
