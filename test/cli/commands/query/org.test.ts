import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { storeWithRecipes } from '../recipe-fixtures.ts';

const uids = (stdout: string) => JSON.parse(stdout).map((record: { recipeUid: string }) => record.recipeUid);

describe('recipe-status org', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it('lists the recipes of an organization, newest first', async () => {
    // Act
    const run = await runCli(['org', 'o1', '--json', ...store]);
    // Assess
    expect(uids(run.stdout)).toEqual(['r1', 'r2']);
  });

  it('filters by status', async () => {
    // Act
    const applied = await runCli(['org', 'o1', '--status', 'Applied', '--json', ...store]);
    const pending = await runCli(['org', 'o1', '--status=Pending', ...store]);
    // Assess
    expect(uids(applied.stdout)).toEqual(['r2']);
    expect(pending.stdout.trim()).toBe('(none)');
  });

  it('refuses a status the contract does not have, naming those it has', async () => {
    // Act
    const run = await runCli(['org', 'o1', '--status', 'Done', ...store]);
    // Assess
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'recipe-status: --status must be one of Pending, Applied, Failed, Invalid, got "Done"\n',
    });
  });
});
