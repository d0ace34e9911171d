import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../../../lambda/contract/event-schema.ts';
import { toRejectedRecord } from '../../../../lambda/records/records.ts';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import { rejectedItem } from '../../../../lambda/store/items.ts';
import {
  createRecipeStatusQueries,
  type RecipeStatusQueries,
} from '../../../../lambda/store/queries/queries.ts';
import { jsonLines, runCli } from '../../../support/cli.ts';
import { recipeEvent } from '../../../support/events.ts';
import { createTestTable, type TestTable } from '../../../support/test-table.ts';
import { id } from '../recipe-fixtures.ts';

/**
 * `rejected --reprocess` after a contract change, simulated: rejected records
 * are written as an older contract would have rejected them (the status
 * `Invalid` unknown to it), though the current contract accepts their events.
 */

const OLD_REASON: ValidationIssue = {
  field: 'detail.payload.status',
  message: 'must be one of Pending, Applied, Failed',
};
const newlyValid = recipeEvent({ id: id(20), recipeUid: 'rp-1', status: 'Invalid' });
const staleNow = recipeEvent({ id: id(21), recipeUid: 'rp-2', status: 'Invalid' });
const newerOfRp2 = recipeEvent({ id: id(22), recipeUid: 'rp-2', status: 'Applied' });
const stillInvalid = { ...recipeEvent({ id: id(23), recipeUid: 'rp-3' }), account: 42 };
const cutShort = recipeEvent({ id: id(24), recipeUid: 'rp-4' });

// After the events' envelope time (2026-11-26T09:15:02Z): nothing is recorded before it occurred.
const receivedAt = (minute: number) => new Date(Date.parse('2026-11-26T10:00:00.000Z') + minute * 60_000);

let table: TestTable;
let queries: RecipeStatusQueries;
let store: string[];
const put = (item: Record<string, unknown>) =>
  table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: item }));

beforeAll(async () => {
  table = await createTestTable();
  queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
  store = ['--endpoint', table.endpoint, '--table', table.tableName];
  const statusStore = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
  await processEvent(newerOfRp2, { store: statusStore, now: () => receivedAt(0) });
  await put(rejectedItem(toRejectedRecord(newlyValid, [OLD_REASON], receivedAt(1)), undefined));
  await put(rejectedItem(toRejectedRecord(staleNow, [OLD_REASON], receivedAt(2)), undefined));
  await put(rejectedItem(toRejectedRecord(stillInvalid, [OLD_REASON], receivedAt(3)), undefined));
  const whole = toRejectedRecord(cutShort, [OLD_REASON], new Date('2026-01-05T00:00:00.000Z'));
  await put(
    rejectedItem({ ...whole, raw: whole.raw.slice(0, 40), rawTruncated: true, rawBytes: 400_000 }, undefined),
  );
});

const outcomes = (stdout: string) =>
  jsonLines(stdout).map((line) => [line.recipeUid, line.outcome, line.action, line.reasons]);
const NEW_REASON = ['account: must be a string'];

describe('recipe-status rejected --reprocess', () => {
  it('in a dry run, says what would happen to each record and changes nothing', async () => {
    // Act
    const run = await runCli(['rejected', '--reprocess', '--dry-run', '--json', ...store]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `recipe-status: dry run: reading table "${table.tableName}" at ${table.endpoint}, writing nothing\n`,
    );
    expect(outcomes(run.stdout)).toEqual([
      [
        'rp-4',
        'not re-processable',
        'would keep',
        [expect.stringMatching(/^kept cut at 300000 of its 400000 bytes/)],
      ],
      ['rp-1', 'applied', 'would remove', undefined],
      ['rp-2', 'stale', 'would remove', undefined],
      ['rp-3', 'rejected', 'would update reasons', NEW_REASON],
    ]);
    expect(await queries.getRecipe('rp-1', { consistentRead: true })).toBeUndefined();
    expect((await queries.listRejected()).items).toHaveLength(4);
  });

  it('applies what the contract accepts now, removes those records, and keeps the rest with their new reasons', async () => {
    // Act
    const run = await runCli(['rejected', '--reprocess', '--json', ...store]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`recipe-status: writing to table "${table.tableName}" at ${table.endpoint}\n`);
    expect(outcomes(run.stdout)).toEqual([
      ['rp-4', 'not re-processable', 'kept', [expect.any(String)]],
      ['rp-1', 'applied', 'removed', undefined],
      ['rp-2', 'stale', 'removed', undefined],
      ['rp-3', 'rejected', 'reasons updated', NEW_REASON],
    ]);
    expect(await queries.getRecipe('rp-1', { consistentRead: true })).toMatchObject({ status: 'Invalid' });
    expect(await queries.getRecipe('rp-2', { consistentRead: true })).toMatchObject({ status: 'Applied' });
    const left = (await queries.listRejected()).items;
    expect(left.map((record) => [record.recipeUid, record.issues])).toEqual([
      ['rp-3', [{ field: 'account', message: 'must be a string' }]],
      ['rp-4', [OLD_REASON]],
    ]);
  });

  it('is safe to run again: nothing more is applied, removed or added', async () => {
    // Prepare
    const before = (await queries.listRejected()).items;
    // Act
    const run = await runCli(['rejected', '--reprocess', ...store]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ rp-3 +rejected +kept +account: must be a string$/m);
    expect(run.stdout).toContain('\n2 rejected records: 2 kept\n');
    expect((await queries.listRejected()).items).toEqual(before);
  });

  it('lists and re-processes only the records received --since a time', async () => {
    // Act
    const listed = await runCli(['rejected', '--since', '2026-11-01', '--json', ...store]);
    // Assess
    expect(JSON.parse(listed.stdout).map((record: { recipeUid: string }) => record.recipeUid)).toEqual([
      'rp-3',
    ]);
    const run = await runCli(['rejected', '--reprocess', '--since', '2026-11-01', '--json', ...store]);
    expect(outcomes(run.stdout)).toEqual([['rp-3', 'rejected', 'kept', NEW_REASON]]);
  });

  it.each([
    [
      ['--since', 'yesterday'],
      'recipe-status: --since must be a time ago (90m, 24h, 7d) or an ISO date or time, from 1970 on, got "yesterday"\n',
    ],
    [['--dry-run'], 'recipe-status: --dry-run goes with --reprocess\n'],
  ])('refuses %j, exit 2', async (args, message) => {
    expect(await runCli(['rejected', ...args, ...store])).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
