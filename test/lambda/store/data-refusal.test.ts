import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  assertMarshallable,
  isDataRefusal,
  MAX_REASON_LENGTH,
  refusalReason,
  UnmarshallableItemError,
} from '../../../lambda/store/data-refusal.ts';

const $metadata = { httpStatusCode: 400 };
const validation = (message: string) =>
  new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', $metadata, message });
const documentClient = (allowImpreciseNumbers = false) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }), {
    marshallOptions: { allowImpreciseNumbers },
  });

describe('isDataRefusal: what a retry cannot fix', () => {
  it.each([
    ['an oversized item', validation('Item size has exceeded the maximum allowed size')],
    [
      'a number out of range',
      validation('Number underflow. Attempting to store a number with magnitude smaller'),
    ],
    ['an oversized key', validation('Hash primary key values must be under 2048 bytes')],
    [
      'an unmarshallable value',
      new UnmarshallableItemError('Number 1 is greater than Number.MAX_SAFE_INTEGER.'),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isDataRefusal(error)).toBe(true);
  });

  it.each([
    ['throttling', new ThrottlingException({ $metadata, message: 'Rate exceeded' })],
    ['exceeded throughput', new ProvisionedThroughputExceededException({ $metadata, message: 'slow down' })],
    ['an account request limit', new RequestLimitExceeded({ $metadata, message: 'limit' })],
    ['a 5xx', new InternalServerError({ $metadata: { httpStatusCode: 500 }, message: 'internal' })],
    ['a missing table', new ResourceNotFoundException({ $metadata, message: 'non-existent table' })],
    ['a lost condition', new ConditionalCheckFailedException({ $metadata, message: 'failed' })],
    [
      'an access denial',
      new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata }),
    ],
    ['a timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    [
      'a marshalling error the client raised mid-send',
      new Error('Number 1 is greater than Number.MAX_SAFE_INTEGER.'),
    ],
    ['a value that is not an Error', { name: 'ValidationException' }],
  ])('is false for %s, which is thrown for Lambda to retry', (_name, error) => {
    expect(isDataRefusal(error)).toBe(false);
  });
});

describe('refusalReason', () => {
  it("names who refused and keeps DynamoDB's message", () => {
    expect(refusalReason(validation('Item size has exceeded the maximum allowed size'))).toBe(
      'DynamoDB (ValidationException) refused to write the event: Item size has exceeded the maximum allowed size',
    );
    expect(refusalReason(new UnmarshallableItemError('Number 2 is too big'))).toBe(
      'the DynamoDB document client refused to write the event: Number 2 is too big',
    );
  });

  it('is bounded, so the rejected record that carries it stays storable', () => {
    expect(refusalReason(validation('m'.repeat(10_000))).length).toBe(MAX_REASON_LENGTH);
  });
});

describe('assertMarshallable', () => {
  it("raises the DocumentClient's own message for a number beyond 2^53, before anything is sent", () => {
    expect(() => assertMarshallable(documentClient(), { n: JSON.parse('12345678901234567') })).toThrow(
      new UnmarshallableItemError(
        'Number 12345678901234568 is greater than Number.MAX_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.',
      ),
    );
  });

  it('marshals as the client is configured to', () => {
    expect(() =>
      assertMarshallable(documentClient(true), { n: JSON.parse('12345678901234567') }),
    ).not.toThrow();
  });

  it('passes an ordinary item', () => {
    expect(() => assertMarshallable(documentClient(), { pk: 'RECIPE#r', n: 2 ** 53 - 1 })).not.toThrow();
  });
});
