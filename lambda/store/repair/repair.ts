import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderedBy } from '../../records/ordering.ts';
import { type OrderBasis, type StatusRecord, StatusRecordSchema } from '../../records/records.ts';
import { isDataRefusal, refusalReason } from '../data-refusal.ts';
import { currentItem, fromItem, historyItem, type Item } from '../items.ts';
import {
  CURRENT_SORT_KEY,
  PARTITION_KEY,
  recipePartitionKey,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../table-definition.ts';
import { type HistoryChange, planRepair, type RepairPlan, type StoredHistoryItem } from './repair-plan.ts';

// Repair from history: history items first, then the current record, read again until a pass finds nothing to
// change (docs/contract.md#repair-from-history).

export interface RepairTarget {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The status function's FUTURE_TOLERANCE_SECONDS, in ms; ordering.ts's default when undefined. */
  readonly futureToleranceMs?: number | undefined;
  readonly now?: () => Date;
}

export interface RepairOptions {
  /** Read and report only. */
  readonly dryRun?: boolean;
}

/**
 * `unchanged`: already right. `repaired`: written, and a pass read it back right.
 * `would-repair`: a dry run found changes. `conflict`: events kept arriving
 * through every pass; run it again. `refused`: DynamoDB refused an item for its
 * data (see `reason`). `not-found`: the recipe has no items. `unreadable`: an
 * item this version cannot read (`repairAll` says which and goes on).
 */
export type RepairResult =
  | 'unchanged'
  | 'repaired'
  | 'would-repair'
  | 'conflict'
  | 'refused'
  | 'not-found'
  | 'unreadable';

/** One event as a row: what the recipe's current record says. */
export interface EventSummary {
  readonly eventId: string;
  readonly status: string;
  readonly occurredAt: string;
  readonly orderKey: string;
  readonly orderedBy?: OrderedBy;
  readonly idTimeDistrusted?: true;
  readonly eventTimeDistrusted?: true;
}

export interface RepairReport {
  readonly recipeUid: string;
  readonly dryRun: boolean;
  readonly result: RepairResult;
  /** The current record as first read. */
  readonly before: EventSummary | undefined;
  /** The current record as read back after the repair; for a dry run, as it would be. */
  readonly after: EventSummary | undefined;
  /** History items rewritten (or, in a dry run, to rewrite), without the records. */
  readonly history: readonly Omit<HistoryChange, 'record' | 'expiresAt'>[];
  /** Events whose items predate the kept envelope time, and what ordered them instead. */
  readonly fallbacks: readonly { readonly eventId: string; readonly basis: OrderBasis }[];
  readonly historyItems: number;
  readonly reason?: string;
}

const MAX_PASSES = 4;

const summary = (record: StatusRecord | undefined): EventSummary | undefined =>
  record === undefined
    ? undefined
    : {
        eventId: record.eventId,
        status: record.status,
        occurredAt: record.occurredAt,
        orderKey: record.orderKey,
        ...(record.orderedBy !== undefined && { orderedBy: record.orderedBy }),
        ...(record.idTimeDistrusted === true && { idTimeDistrusted: true }),
        ...(record.eventTimeDistrusted === true && { eventTimeDistrusted: true }),
      };

const readRecipe = async ({ client, tableName }: RepairTarget, recipeUid: string) => {
  let current: StatusRecord | undefined;
  const history: StoredHistoryItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':pk': recipePartitionKey(recipeUid) },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const record = fromItem(StatusRecordSchema, item);
      const sortKey = String(item[SORT_KEY]);
      if (sortKey === CURRENT_SORT_KEY) current = record;
      else {
        const ttl = item[TTL_ATTRIBUTE];
        history.push({ sortKey, record, expiresAt: typeof ttl === 'number' ? ttl : undefined });
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { current, history };
};

/**
 * Writes a plan, history first, appending each history change to `written` as
 * it lands. Stops at the first item that changed since it was read (`conflict`)
 * or that DynamoDB refuses for its data (`reason`).
 */
const applyPlan = async (
  target: RepairTarget,
  recipeUid: string,
  plan: RepairPlan,
  written: HistoryChange[],
): Promise<{ readonly wrote: boolean; readonly conflict?: true; readonly reason?: string }> => {
  const { client, tableName } = target;
  const repairedAt = (target.now ?? (() => new Date()))().toISOString();
  const put = (Item: Item, ConditionExpression: string, values: Record<string, string> = {}) =>
    client.send(
      new PutCommand({
        TableName: tableName,
        Item,
        ConditionExpression,
        ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      }),
    );
  const drop = (sortKey: string, orderKey: string) =>
    client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: { [PARTITION_KEY]: recipePartitionKey(recipeUid), [SORT_KEY]: sortKey },
        ConditionExpression: 'orderKey = :read',
        ExpressionAttributeValues: { ':read': orderKey },
      }),
    );
  const before = written.length;
  try {
    for (const change of plan.history) {
      if (change.record !== undefined) {
        const item = historyItem({ ...change.record, repairedAt }, change.expiresAt);
        if (change.change === 'reordered')
          await put(item, 'orderKey = :read', { ':read': change.fromOrderKey });
        else await put(item, `attribute_not_exists(${PARTITION_KEY})`);
      }
      if (change.change !== 'reordered') await drop(change.fromSortKey, change.fromOrderKey);
      written.push(change);
    }
    if (plan.currentChanged && plan.after !== undefined) {
      const item = currentItem({ ...plan.after, repairedAt });
      // The one write that decides: only over the very current record that was read, or none.
      if (plan.before === undefined) await put(item, `attribute_not_exists(${PARTITION_KEY})`);
      else
        await put(item, 'orderKey = :readKey AND eventId = :readId', {
          ':readKey': plan.before.orderKey,
          ':readId': plan.before.eventId,
        });
    }
    return { wrote: true };
  } catch (error) {
    const wrote = written.length > before;
    if (error instanceof ConditionalCheckFailedException) return { wrote, conflict: true };
    if (isDataRefusal(error)) return { wrote, reason: refusalReason(error) };
    throw error;
  }
};

/** Repairs one recipe's current record and history under the current ordering rule. */
export const repairRecipe = async (
  target: RepairTarget,
  recipeUid: string,
  options: RepairOptions = {},
): Promise<RepairReport> => {
  const dryRun = options.dryRun ?? false;
  const written: HistoryChange[] = [];
  let first: RepairPlan | undefined;
  let last = { current: undefined as StatusRecord | undefined, historyItems: 0 };
  let wrote = false;
  const report = (result: RepairResult, after: StatusRecord | undefined, reason?: string): RepairReport => ({
    recipeUid,
    dryRun,
    result,
    before: summary(first?.before),
    after: summary(after),
    history: (dryRun ? (first?.history ?? []) : written).map(
      ({ record: _, expiresAt: __, ...change }) => change,
    ),
    fallbacks: first?.fallbacks ?? [],
    historyItems: last.historyItems,
    ...(reason !== undefined && { reason }),
  });
  for (let pass = 1; pass <= MAX_PASSES; pass += 1) {
    const { current, history } = await readRecipe(target, recipeUid);
    last = { current, historyItems: history.length };
    const plan = planRepair(current, history, target.futureToleranceMs);
    first ??= plan;
    if (current === undefined && history.length === 0) return report('not-found', undefined);
    if (plan.history.length === 0 && !plan.currentChanged)
      return report(wrote ? 'repaired' : 'unchanged', current);
    if (dryRun) return report('would-repair', plan.after);
    const outcome = await applyPlan(target, recipeUid, plan, written);
    wrote ||= outcome.wrote;
    if (outcome.reason !== undefined) return report('refused', current, outcome.reason);
  }
  return report('conflict', last.current);
};
