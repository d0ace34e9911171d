import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CursorScope } from './cursor.ts';
import type { MergedPartition } from './merged-listing.ts';
import { INDEXES, PARTITION_KEY, SORT_KEY } from './table-definition.ts';

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

/** A merged listing's cursor holds the listing's own cursor under `merged`, bound to its partitions. */
export const mergedScope = (partitions: readonly MergedPartition[]): CursorScope => ({
  query: JSON.stringify(partitions.map((partition) => [partition.index.indexName, partition.query])),
  keyNames: ['merged'],
});
