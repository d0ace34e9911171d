import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CursorScope } from './cursor.ts';
import { INDEXES, PARTITION_KEY, SORT_KEY } from './table-definition.ts';

// What a page's cursor is bound to: the query's index, the values it asks for, its key attributes and its partition.

export const queryScope = (input: Omit<QueryCommandInput, 'TableName'>): CursorScope => {
  const index = INDEXES.find((candidate) => candidate.indexName === input.IndexName);
  const partitionValue = input.ExpressionAttributeValues?.[':pk'];
  return {
    query: JSON.stringify([input.IndexName ?? 'table', input.ExpressionAttributeValues ?? {}]),
    keyNames: [PARTITION_KEY, SORT_KEY, ...(index === undefined ? [] : [index.partitionKey, index.sortKey])],
    ...(typeof partitionValue === 'string' && {
      partition: { name: index?.partitionKey ?? PARTITION_KEY, value: partitionValue },
    }),
  };
};
