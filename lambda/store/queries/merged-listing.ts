import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { compareOrderKeys } from '../../records/ordering.ts';
import type { Item } from '../items.ts';
import { type IndexDefinition, PARTITION_KEY, SORT_KEY } from '../table-definition.ts';
import { type CursorScope, decodeCursor, encodeCursor, InvalidCursorError } from './cursor.ts';
import { checkedLimit } from './page-limit.ts';

// One newest-first listing merged from several index partitions (one per status), with one cursor.

/** One partition of the merge: a Query of an index, newest first by `orderKey`. */
export interface MergedPartition {
  /** Names the partition in the cursor. */
  readonly name: string;
  readonly index: IndexDefinition;
  readonly query: Pick<
    QueryCommandInput,
    'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  >;
}

export interface MergedPage {
  readonly items: Item[];
  readonly nextCursor?: string;
}

// Per partition: where to go on from ({} from its start), or null once it is read to the end.
const MergeCursorSchema = v.record(v.string(), v.nullable(v.record(v.string(), v.string())));
type MergeCursor = v.InferOutput<typeof MergeCursorSchema>;

const decodeMergeCursor = (cursor: string): MergeCursor => {
  try {
    return v.parse(MergeCursorSchema, JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidCursorError('the cursor is not one this module returned', { cause: error });
  }
};

/** The key DynamoDB would return as LastEvaluatedKey after this item. */
const startKeyAfter = (item: Item, index: IndexDefinition): Record<string, string> =>
  Object.fromEntries(
    [PARTITION_KEY, SORT_KEY, ...index.partitionKeys, ...index.sortKeys].map((name) => [
      name,
      String(item[name]),
    ]),
  );

const orderKeyOf = (item: Item): string => String(item.orderKey);
const newestFirst = (a: Item, b: Item): number =>
  compareOrderKeys(orderKeyOf(b), orderKeyOf(a)) ||
  String(a[PARTITION_KEY]).localeCompare(String(b[PARTITION_KEY]));

/**
 * Reads each partition from its cursor (at most `limit` items each) and returns
 * the newest items of all: only those no unread item of a partition can precede,
 * at most `limit`. Each page reads at most `limit` items per partition.
 */
export const readMergedPage = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  partitions: readonly MergedPartition[],
  page: { readonly limit?: number; readonly cursor?: string },
): Promise<MergedPage> => {
  const names = partitions.map((partition) => partition.name);
  const cursor = page.cursor === undefined ? {} : decodeMergeCursor(page.cursor);
  if (page.cursor !== undefined && Object.keys(cursor).sort().join() !== [...names].sort().join())
    throw new InvalidCursorError('the cursor is one of another listing');
  const read = await Promise.all(
    partitions.map(async (partition) => {
      const start = cursor[partition.name];
      if (start === null) return { partition, items: [] as Item[], more: false };
      const output = await client.send(
        new QueryCommand({
          ...partition.query,
          TableName: tableName,
          IndexName: partition.index.indexName,
          ScanIndexForward: false,
          ...(page.limit !== undefined && { Limit: page.limit }),
          ...(start !== undefined && Object.keys(start).length > 0 && { ExclusiveStartKey: start }),
        }),
      );
      return { partition, items: output.Items ?? [], more: output.LastEvaluatedKey !== undefined };
    }),
  );
  // An unread item of a partition with more is older than its last read item: nothing older is safe.
  const bounds = read.flatMap(({ items, more }) => (more && items.length > 0 ? [items.at(-1) as Item] : []));
  const bound = bounds.sort(newestFirst)[0];
  const merged = read
    .flatMap(({ items, partition }) => items.map((item) => ({ item, partition })))
    .sort((a, b) => newestFirst(a.item, b.item))
    .filter(({ item }) => bound === undefined || newestFirst(item, bound) <= 0)
    .slice(0, page.limit);

  const next: MergeCursor = {};
  for (const { partition, items, more } of read) {
    const emitted = merged.filter((entry) => entry.partition === partition);
    const last = emitted.at(-1);
    if (cursor[partition.name] === null || (!more && emitted.length === items.length))
      next[partition.name] = null;
    else if (last !== undefined) next[partition.name] = startKeyAfter(last.item, partition.index);
    else next[partition.name] = cursor[partition.name] ?? {};
  }
  const done = names.every((name) => next[name] === null);
  return {
    items: merged.map(({ item }) => item),
    ...(!done && { nextCursor: Buffer.from(JSON.stringify(next)).toString('base64url') }),
  };
};

/** A merged listing's cursor holds the listing's own cursor under `merged`, bound to its partitions. */
const mergedScope = (partitions: readonly MergedPartition[]): CursorScope => ({
  query: JSON.stringify(partitions.map((partition) => [partition.index.indexName, partition.query])),
  keyNames: ['merged'],
});

/** `readMergedPage` with the limit checked and a cursor bound to this listing, as every query's is. */
export const readMergedListing = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  partitions: readonly MergedPartition[],
  page: { readonly limit?: number | undefined; readonly cursor?: string | undefined },
): Promise<MergedPage> => {
  const scope = mergedScope(partitions);
  const limit = checkedLimit(page.limit);
  const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope).merged;
  const { items, nextCursor } = await readMergedPage(client, tableName, partitions, {
    ...(limit !== undefined && { limit }),
    ...(cursor !== undefined && { cursor }),
  });
  const wrapped = nextCursor === undefined ? undefined : encodeCursor({ merged: nextCursor }, scope);
  return { items, ...(wrapped !== undefined && { nextCursor: wrapped }) };
};
