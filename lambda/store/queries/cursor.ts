import * as v from 'valibot';

// DynamoDB's `LastEvaluatedKey` as an opaque string a caller hands back to go on, valid only for its own query.

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** The query a cursor belongs to: a cursor of another query, or a forged one, never reaches DynamoDB. */
export interface CursorScope {
  /** Names the query: its index (or the table) and the values it asks for. */
  readonly query: string;
  /** The attributes its LastEvaluatedKey holds. */
  readonly keyNames: readonly string[];
  /** The partition the query reads: a start key must lie in it. */
  readonly partition?: { readonly name: string; readonly value: string };
}

const CursorSchema = v.strictObject({ query: v.string(), key: v.record(v.string(), v.string()) });

const sameNames = (key: Record<string, string>, names: readonly string[]): boolean => {
  const wanted = [...new Set(names)].sort();
  const held = Object.keys(key).sort();
  return wanted.length === held.length && wanted.every((name, index) => name === held[index]);
};

export const encodeCursor = (
  key: Record<string, unknown> | undefined,
  scope: CursorScope,
): string | undefined =>
  key === undefined
    ? undefined
    : Buffer.from(JSON.stringify({ query: scope.query, key })).toString('base64url');

export const decodeCursor = (cursor: string, scope: CursorScope): Record<string, string> => {
  const refuse = (cause?: unknown) =>
    new InvalidCursorError('the cursor is not one this query returned', { cause });
  let parsed: v.InferOutput<typeof CursorSchema>;
  try {
    parsed = v.parse(CursorSchema, JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw refuse(error);
  }
  const { key } = parsed;
  if (parsed.query !== scope.query || !sameNames(key, scope.keyNames)) throw refuse();
  if (scope.partition !== undefined && key[scope.partition.name] !== scope.partition.value) throw refuse();
  return key;
};
