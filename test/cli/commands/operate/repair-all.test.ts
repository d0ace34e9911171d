import { spawn } from 'node:child_process';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import { currentItem } from '../../../../lambda/store/items.ts';
import { BIN, runCli } from '../../../support/cli.ts';
import { recipeEvent, statusRecordOf, uuidV7 } from '../../../support/events.ts';
import { createTestTable, type TestTable } from '../../../support/test-table.ts';

// `repair --all` reports what it cannot handle and goes on, and says where it ended: done, failed or interrupted.

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const event = (index: number) =>
  recipeEvent({ id: uuidV7(T0 + index * 1_000, Buffer.alloc(10, index + 1)), recipeUid: `r${index}` });

let table: TestTable;
let store: string[];

beforeAll(async () => {
  table = await createTestTable();
  store = ['--endpoint', table.endpoint, '--table', table.tableName];
  const statusStore = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
  for (const index of [1, 2, 3])
    await processEvent(event(index), { store: statusStore, now: () => new Date(T0 + 60_000) });
  // A current record as a newer version might write it: a status this version does not know.
  const newer = { ...currentItem(statusRecordOf(event(0), new Date(T0 + 60_000))), status: 'Superseded' };
  await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: newer }));
});

describe('recipe-status repair --all', () => {
  it('reports a recipe it cannot read, with the item and reason, and goes on to the end', async () => {
    // Act
    const run = await runCli(['repair', '--all', '--dry-run', ...store]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/r0\s+unreadable\s+.*an item this version cannot read: status: /);
    expect(run.stdout).toContain('4 recipes: 3 unchanged, 1 unreadable');
    expect(run.stdout).toContain('every recipe visited');
  });

  it('says what it did and where to resume when interrupted, off a terminal', async () => {
    // Prepare: one recipe every 100 s, so the walk is still going when the signal comes.
    const child = spawn(process.execPath, [BIN, 'repair', '--all', '--dry-run', '--rate', '0.01', ...store], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.once('close', done));
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('dry run') && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 50));
    await new Promise((done) => setTimeout(done, 2_000));

    // Act
    child.kill('SIGTERM');
    const code = await exited;

    // Assess
    expect(code).toBe(143);
    expect(stdout).toMatch(/\n1 recipes: /);
    expect(stdout).toContain(
      'interrupted (SIGTERM) on its first page: resume by running it again without --cursor',
    );
  });
});
