import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestTable } from './test-table.ts';

/**
 * What the table must say, computed apart from the code under test: the
 * greatest event by (occurrence time, id), where the time of a UUIDv7 id is
 * its first 48 bits and of any other id the envelope's time.
 */
export interface SentEvent {
  readonly detail: {
    readonly id: string;
    readonly payload: { readonly uid: string; readonly status: string };
  };
  readonly time: string;
}

const occurrence = (event: SentEvent): number => {
  const { id } = event.detail;
  const isV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id);
  return isV7 ? Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16) : Date.parse(event.time);
};

const greater = (a: SentEvent, b: SentEvent): boolean => {
  const [ta, tb] = [occurrence(a), occurrence(b)];
  if (ta !== tb) return ta > tb;
  return Buffer.compare(Buffer.from(a.detail.id), Buffer.from(b.detail.id)) > 0;
};

/** The expected current event of each recipe. */
export const expectedCurrent = (events: readonly SentEvent[]): Map<string, SentEvent> => {
  const current = new Map<string, SentEvent>();
  for (const event of events) {
    const recipe = event.detail.payload.uid;
    const there = current.get(recipe);
    if (there === undefined || greater(event, there)) current.set(recipe, event);
  }
  return current;
};

/** Current records and history event ids per recipe, read straight from the table (a test may Scan). */
export const readState = async (table: TestTable, recipePrefix = '') => {
  const current = new Map<string, { eventId: string; status: string; orderKey: string }>();
  const history = new Map<string, string[]>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      const recipe = String(item.recipeUid ?? '');
      if (!String(item.pk).startsWith('RECIPE#') || !recipe.startsWith(recipePrefix)) continue;
      if (item.sk === 'CURRENT') {
        current.set(recipe, {
          eventId: String(item.eventId),
          status: String(item.status),
          orderKey: String(item.orderKey),
        });
      } else {
        history.set(recipe, [...(history.get(recipe) ?? []), String(item.eventId)]);
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { current, history };
};

/** A recipe's current item as stored, read consistently; undefined when there is none. */
export const readCurrentItem = async (table: TestTable, recipeUid: string) =>
  (
    await table.documentClient.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: `RECIPE#${recipeUid}`, sk: 'CURRENT' },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** A recipe's history items as stored, in key order, read consistently (one page: a test's recipe is small). */
export const readHistoryItems = async (table: TestTable, recipeUid: string) =>
  (
    await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `RECIPE#${recipeUid}`, ':event': 'EVENT#' },
      }),
    )
  ).Items ?? [];

/** The event ids of a recipe's history, for tests that want one partition only. */
export const historyIds = async (table: TestTable, recipeUid: string): Promise<string[]> =>
  (await readHistoryItems(table, recipeUid)).map((item) => String(item.eventId));

/** Runs tasks with at most `limit` in flight. */
export const inPool = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T);
      }
    }),
  );
  return results;
};

/** One change of a recipe's current status: `[previous status or null, status, event id]`. */
export type Transition = readonly [string | null, string, string];

/** The status transitions each recipe's current record makes as the events arrive in this order. */
export const expectedTransitions = (deliveries: readonly SentEvent[]): Map<string, Transition[]> => {
  const current = new Map<string, SentEvent>();
  const transitions = new Map<string, Transition[]>();
  for (const event of deliveries) {
    const recipe = event.detail.payload.uid;
    const there = current.get(recipe);
    if (there !== undefined && !greater(event, there)) continue;
    current.set(recipe, event);
    const previous = there?.detail.payload.status ?? null;
    if (previous === event.detail.payload.status) continue;
    transitions.set(recipe, [
      ...(transitions.get(recipe) ?? []),
      [previous, event.detail.payload.status, event.detail.id],
    ]);
  }
  return transitions;
};
