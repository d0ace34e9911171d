import * as v from 'valibot';

// DynamoDB's `LastEvaluatedKey` as an opaque string a caller hands back to go on.

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

const CursorSchema = v.record(v.string(), v.string());

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = (cursor: string): Record<string, string> => {
  try {
    return v.parse(CursorSchema, JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidCursorError('the cursor is not one this module returned', { cause: error });
  }
};
