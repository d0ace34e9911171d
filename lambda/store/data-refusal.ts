import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { storableExcerpt } from '../contract/storable.ts';
import type { Item } from './items.ts';

// A write refused for its data is kept as rejected; any other failure is thrown for a retry (docs/contract.md#validation).

/** The DocumentClient cannot turn a record into DynamoDB attribute values. */
export class UnmarshallableItemError extends Error {
  override readonly name = 'UnmarshallableItemError';
}

/** The longest refusal message kept: DynamoDB's are one sentence, and it ends in a stored record. */
export const MAX_REASON_LENGTH = 1_000;

export const isDataRefusal = (error: unknown): error is Error =>
  error instanceof UnmarshallableItemError ||
  (error instanceof Error && error.name === 'ValidationException');

/** The reason kept on the rejected record and in the log: who refused, and DynamoDB's own message. */
export const refusalReason = (error: Error): string => {
  const who =
    error instanceof UnmarshallableItemError ? 'the DynamoDB document client' : `DynamoDB (${error.name})`;
  return storableExcerpt(`${who} refused to write the event: ${error.message}`, MAX_REASON_LENGTH);
};

/** The issue field of an event kept as rejected because DynamoDB refused its data. */
export const STORE_ISSUE_FIELD = '(store)';

/**
 * Marshals the item as the client will, before anything is written. The
 * client's own marshalling error is indistinguishable from a failure of the
 * network by its class, so it is provoked here, where it can only mean the data.
 */
export const assertMarshallable = (client: DynamoDBDocumentClient, item: Item): void => {
  try {
    marshall(item, client.config.translateConfig?.marshallOptions);
  } catch (error) {
    throw new UnmarshallableItemError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
};
