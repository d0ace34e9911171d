import { beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import { runCli } from '../../../support/cli.ts';
import { recipeEvent } from '../../../support/events.ts';
import { createTestTable } from '../../../support/test-table.ts';
import { id, T0 } from '../recipe-fixtures.ts';

// p1 Pending since T0 (o1), p2 Pending since T0 + 2 min after Applied (o2), a1 Applied.
describe('recipe-status stuck', () => {
  let store: string[];
  beforeAll(async () => {
    const table = await createTestTable();
    const s = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
    const now = () => new Date(T0 + 60 * 60_000);
    const events = [
      recipeEvent({ id: id(0), recipeUid: 'p1', organizationUid: 'o1', status: 'Pending' }),
      recipeEvent({ id: id(1), recipeUid: 'p1', organizationUid: 'o1', status: 'Pending' }),
      recipeEvent({ id: id(1), recipeUid: 'p2', organizationUid: 'o2', status: 'Applied' }),
      recipeEvent({ id: id(2), recipeUid: 'p2', organizationUid: 'o2', status: 'Pending' }),
      recipeEvent({ id: id(3), recipeUid: 'a1', organizationUid: 'o1', status: 'Applied' }),
    ];
    for (const event of events) await processEvent(event, { store: s, now });
    store = ['--endpoint', table.endpoint, '--table', table.tableName];
  });

  it('lists the Pending recipes past the threshold, oldest episode first, with how long', async () => {
    const run = await runCli(['stuck', '--older-than', '1h', '--json', ...store]);
    const listed = JSON.parse(run.stdout) as {
      recipeUid: string;
      pendingSince: string;
      pendingForSeconds: number;
    }[];
    expect(listed.map((s) => [s.recipeUid, s.pendingSince])).toEqual([
      ['p1', new Date(T0).toISOString()],
      ['p2', new Date(T0 + 2 * 60_000).toISOString()],
    ]);
    for (const s of listed)
      expect(Math.abs(s.pendingForSeconds - (Date.now() - Date.parse(s.pendingSince)) / 1_000)).toBeLessThan(
        60,
      );
  });

  it('keeps to one organization, and to those Pending longer than --older-than', async () => {
    const org = await runCli(['stuck', '--org', 'o2', '--older-than', '1h', '--json', ...store]);
    expect(JSON.parse(org.stdout).map((s: { recipeUid: string }) => s.recipeUid)).toEqual(['p2']);
    const none = await runCli(['stuck', '--older-than', '99999d', ...store]);
    expect(none.stdout.trim()).toBe('(none)');
  });

  it('refuses a duration it cannot read', async () => {
    const run = await runCli(['stuck', '--older-than', 'soon', ...store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--older-than must be a duration (90m, 24h, 7d), got "soon"');
  });
});
