import { setTimeout as delay } from 'node:timers/promises';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { type CursorScope, decodeCursor, encodeCursor } from '../queries/cursor.ts';
import { PARTITION_KEY, recipePartitionKey, SORT_KEY } from '../table-definition.ts';
import {
  type RepairOptions,
  type RepairReport,
  type RepairResult,
  type RepairTarget,
  repairRecipe,
} from './repair.ts';

// Repairs every recipe: the maintenance path, and the only code that Scans.
// The Scan reads keys only, a page at a time; recipes are repaired one by one
// at a bounded rate, so a large table is walked without starving the status
// function of capacity; and it can stop and resume from a cursor.

export interface RepairAllOptions extends RepairOptions {
  /** `resumeCursor` or `nextCursor` of an earlier run: go on from there. */
  readonly cursor?: string | undefined;
  /** Items per Scan page (DynamoDB's Limit, counted before the filter). Default 100. */
  readonly pageSize?: number;
  /** At most this many recipes repaired per second. Default 10. */
  readonly recipesPerSecond?: number;
  /** Stop after this many Scan pages, returning `nextCursor`. */
  readonly maxPages?: number;
  readonly onProgress?: (progress: RepairProgress) => void;
  /** Stops the walk before the next recipe; the summary then says `interrupted` and where to resume. */
  readonly signal?: AbortSignal;
  /** Waits between recipes; a test passes its own. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type RepairCounts = Record<RepairResult, number> & { recipes: number };

export interface RepairProgress {
  readonly counts: RepairCounts;
  /** The report of the recipe just repaired. */
  readonly last: RepairReport;
  /** Resuming from here repeats at most the current page; repairing a recipe twice is harmless. */
  readonly resumeCursor: string | undefined;
}

export interface RepairAllSummary {
  readonly counts: RepairCounts;
  /** Reports of every recipe that was not `unchanged`. */
  readonly changed: readonly RepairReport[];
  /** Present when the walk stopped early (maxPages, or interrupted after its first page): the cursor to go on from. */
  readonly nextCursor?: string;
  /** Set when the signal stopped the walk before its end. */
  readonly interrupted?: true;
}

const RECIPE_PREFIX = recipePartitionKey('');
const SCAN_SCOPE: CursorScope = { query: 'repair-all', keyNames: [PARTITION_KEY, SORT_KEY] };

/** The start key of a cursor `repairAll` returned; InvalidCursorError for any other. */
export const readRepairCursor = (cursor: string): Record<string, string> => decodeCursor(cursor, SCAN_SCOPE);

export const emptyCounts = (): RepairCounts => ({
  recipes: 0,
  unchanged: 0,
  repaired: 0,
  'would-repair': 0,
  conflict: 0,
  refused: 0,
  'not-found': 0,
  unreadable: 0,
});

/** A recipe holding an item this version cannot read is reported with the item's problem; the walk goes on. */
const repairOrReport = async (
  target: RepairTarget,
  recipeUid: string,
  options: RepairOptions,
): Promise<RepairReport> => {
  try {
    return await repairRecipe(target, recipeUid, options);
  } catch (error) {
    if (!(error instanceof v.ValiError)) throw error;
    const issues: readonly v.BaseIssue<unknown>[] = error.issues;
    const reason = `an item this version cannot read: ${issues
      .map((issue) => `${v.getDotPath(issue) ?? '(item)'}: ${issue.message}`)
      .join('; ')}`;
    const nothing = { before: undefined, after: undefined, history: [], fallbacks: [], historyItems: 0 };
    return { recipeUid, dryRun: options.dryRun === true, result: 'unreadable', ...nothing, reason };
  }
};

export const repairAll = async (
  target: RepairTarget,
  options: RepairAllOptions = {},
): Promise<RepairAllSummary> => {
  const sleep =
    options.sleep ??
    ((ms: number) => delay(ms, undefined, { signal: options.signal }).catch(() => undefined));
  const intervalMs = 1_000 / (options.recipesPerSecond ?? 10);
  const counts = emptyCounts();
  const changed: RepairReport[] = [];
  let cursor = options.cursor;
  let pages = 0;
  let lastPartition: string | undefined;
  do {
    const page = await target.client.send(
      new ScanCommand({
        TableName: target.tableName,
        Limit: options.pageSize ?? 100,
        ProjectionExpression: '#pk',
        FilterExpression: 'begins_with(#pk, :recipe)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':recipe': RECIPE_PREFIX },
        ...(cursor !== undefined && { ExclusiveStartKey: readRepairCursor(cursor) }),
      }),
    );
    for (const item of page.Items ?? []) {
      // A recipe's items are read together, in order: a new partition key is a new recipe.
      const partition = String(item[PARTITION_KEY]);
      if (partition === lastPartition) continue;
      lastPartition = partition;
      if (counts.recipes > 0) await sleep(intervalMs);
      if (options.signal?.aborted === true)
        return { counts, changed, interrupted: true, ...(cursor !== undefined && { nextCursor: cursor }) };
      const report = await repairOrReport(target, partition.slice(RECIPE_PREFIX.length), options);
      counts.recipes += 1;
      counts[report.result] += 1;
      if (report.result !== 'unchanged') changed.push(report);
      options.onProgress?.({ counts: { ...counts }, last: report, resumeCursor: cursor });
    }
    cursor = encodeCursor(page.LastEvaluatedKey, SCAN_SCOPE);
    pages += 1;
  } while (cursor !== undefined && (options.maxPages === undefined || pages < options.maxPages));
  return { counts, changed, ...(cursor !== undefined && { nextCursor: cursor }) };
};
