import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderKey } from '../../../../lambda/records/ordering.ts';
import type { StatusRecord } from '../../../../lambda/records/records.ts';
import { currentItem, historyItem } from '../../../../lambda/store/items.ts';
import { runCli } from '../../../support/cli.ts';
import { uuidV7 } from '../../../support/events.ts';
import { createTestTable, type TestTable } from '../../../support/test-table.ts';

const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');
const RECORDED = Date.parse('2026-11-26T09:00:00.000Z');
const PINNED_ID = uuidV7(Y2099, Buffer.alloc(10, 9));

/** A recipe pinned by an event dated 2099, its history and current record as version 0.1 wrote them. */
const pin = async (table: TestTable, recipeUid: string) => {
  const record: StatusRecord = {
    recipeUid,
    status: 'Failed',
    deviceIdentityHash: 'device-1',
    organizationUid: 'org-1',
    parentCompanyUid: 'company-1',
    eventId: PINNED_ID,
    eventBridgeId: `eb-${PINNED_ID}`,
    source: 'signageos',
    occurredAt: new Date(Y2099).toISOString(),
    orderKey: orderKey(Y2099, PINNED_ID),
    recordedAt: new Date(RECORDED).toISOString(),
  };
  for (const Item of [historyItem(record, undefined), currentItem(record)])
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item }));
};

describe('recipe-status repair', () => {
  let table: TestTable;
  let store: string[];
  beforeAll(async () => {
    table = await createTestTable();
    store = ['--endpoint', table.endpoint, '--table', table.tableName];
    await pin(table, 'pinned');
  });

  it('reports a pinned recipe on a dry run and writes nothing', async () => {
    // Act
    const run = await runCli(['repair', 'pinned', '--dry-run', '--json', ...store]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^recipe-status: dry run: reading /);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: 'would-repair', dryRun: true });
    const get = JSON.parse((await runCli(['get', 'pinned', '--json', ...store])).stdout);
    expect(get.orderKey).toBe(orderKey(Y2099, PINNED_ID));
  });

  it('repairs it, then finds nothing more to change', async () => {
    // Act
    const run = await runCli(['repair', 'pinned', ...store]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/pinned\s+repaired/);
    const get = JSON.parse((await runCli(['get', 'pinned', '--json', ...store])).stdout);
    // Ordered by when it was recorded, the only time 0.1 kept beside the untrusted id.
    expect(get.orderKey).toBe(orderKey(RECORDED, PINNED_ID));
    const again = await runCli(['repair', '--all', '--json', ...store]);
    expect(JSON.parse(again.stdout)).toMatchObject({ counts: { recipes: 1, unchanged: 1 } });
  });

  it('exits 3 for a recipe with no items, and 2 for a wrong call', async () => {
    expect((await runCli(['repair', 'nowhere', ...store])).code).toBe(3);
    const both = await runCli(['repair', 'pinned', '--all', ...store]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either a recipe uid or --all');
    expect((await runCli(['repair', 'pinned', '--rate', '5', ...store])).code).toBe(2);
  });
});
