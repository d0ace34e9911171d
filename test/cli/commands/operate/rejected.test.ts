import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { id, storeWithRecipes } from '../recipe-fixtures.ts';

describe('recipe-status rejected', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it('lists rejected events with their reasons', async () => {
    // Act
    const json = JSON.parse((await runCli(['rejected', '--json', ...store])).stdout);
    // Assess
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      eventId: id(7),
      issues: [{ field: 'detail.kind', message: 'must be "domain"' }],
    });
    expect((await runCli(['rejected', ...store])).stdout).toContain('detail.kind: must be "domain"');
  });

  it('takes no argument', async () => {
    // Act
    const run = await runCli(['rejected', 'r1', ...store]);
    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'recipe-status: unexpected argument "r1"\n' });
  });
});
