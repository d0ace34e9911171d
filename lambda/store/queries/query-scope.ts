import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { INDEXES, PARTITION_KEY, SORT_KEY } from '../table-definition.ts';
import type { CursorScope } from './cursor.ts';

// What a page's cursor is bound to: the query's index, the values it asks for, its key attributes and its partition.

export const queryScope = (input: Omit<QueryCommandInput, 'TableName'>): CursorScope => {
  const index = INDEXES.find((candidate) => candidate.indexName === input.IndexName);
  const partitionValue = input.ExpressionAttributeValues?.[':pk'];
  return {
    query: JSON.stringify([input.IndexName ?? 'table', input.ExpressionAttributeValues ?? {}]),
    keyNames: [PARTITION_KEY, SORT_KEY, ...(index?.partitionKeys ?? []), ...(index?.sortKeys ?? [])],
    // A multi-attribute partition is checked by the query's values alone.
    ...(typeof partitionValue === 'string' &&
      (index === undefined || index.partitionKeys.length === 1) && {
        partition: { name: index?.partitionKeys[0] ?? PARTITION_KEY, value: partitionValue },
      }),
  };
};
