import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../../../dynamodb-local/ensure-table.ts';
import { StatusChangedSchema } from '../../../../lambda/changes/status-changed.ts';
import { jsonLines, runCli } from '../../../support/cli.ts';
import { createTestTable } from '../../../support/test-table.ts';
import { id, storeWithRecipes } from '../recipe-fixtures.ts';

describe('recipe-status changes', () => {
  it("prints each change of a current status as one event detail per line, the publisher's own", async () => {
    // Prepare
    const store = await storeWithRecipes();

    // Act
    const run = await runCli(['changes', '--json', ...store]);

    // Assess: r1 went Pending then Failed, r2 Applied; the invalid event changed nothing.
    expect(run.code).toBe(0);
    const details = jsonLines(run.stdout);
    for (const detail of details) expect(v.safeParse(StatusChangedSchema, detail).success).toBe(true);
    expect(
      details.map(({ recipeUid, previousStatus, status, eventId }) => [
        recipeUid,
        previousStatus,
        status,
        eventId,
      ]),
    ).toEqual([
      ['r1', null, 'Pending', id(1)],
      ['r1', 'Pending', 'Failed', id(5)],
      ['r2', null, 'Applied', id(3)],
    ]);
  });

  it('prints a line per change for a person, and only those written since --since', async () => {
    const store = await storeWithRecipes();

    const all = await runCli(['changes', ...store]);
    const later = await runCli(['changes', '--since', '2026-11-26T09:00:00.001Z', ...store]);

    expect(all.stdout.split('\n')).toContain(
      `2026-11-26T09:00:00.000Z  r1  Pending -> Failed  device d1  org o1  event ${id(5)}`,
    );
    expect(all.stdout.trim().split('\n')).toHaveLength(3);
    expect(later).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('enables the stream of a table made without one, and says that earlier changes are not in it', async () => {
    // Prepare: a table as 0.2 created it.
    const { client, endpoint } = await createTestTable();
    const { StreamSpecification: _, ...input } = createTableInput(`cli-no-stream-${id(9)}`);
    await client.send(new CreateTableCommand(input));

    // Act
    const run = await runCli(['changes', '--endpoint', endpoint, '--table', String(input.TableName)]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/had no stream \(made before 0\.3\): enabled now, changes from here on/);
  });

  it('refuses --since it cannot read', async () => {
    const run = await runCli(['changes', '--since', 'yesterday']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--since must be a time ago/);
  });
});
