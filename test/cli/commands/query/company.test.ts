import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { storeWithRecipes } from '../recipe-fixtures.ts';

// The fixture recipes: r1 Failed and r2 Applied, of organization o1 of company-1.

describe('recipe-status company', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it("lists the company's recipes newest first, optionally in one status", async () => {
    const all = await runCli(['company', 'company-1', '--json', ...store]);
    expect(JSON.parse(all.stdout).map((record: { recipeUid: string }) => record.recipeUid)).toEqual([
      'r1',
      'r2',
    ]);
    const failed = await runCli(['company', 'company-1', '--status', 'Failed', '--json', ...store]);
    expect(JSON.parse(failed.stdout).map((record: { status: string }) => record.status)).toEqual(['Failed']);
    expect((await runCli(['company', 'company-2', ...store])).stdout.trim()).toBe('(none)');
  });
});

describe('recipe-status summary', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it('counts a company per status and per organization, as JSON', async () => {
    const run = await runCli(['summary', '--company', 'company-1', '--json', ...store]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      parentCompanyUid: 'company-1',
      total: 2,
      byStatus: { Pending: 0, Applied: 1, Failed: 1, Invalid: 0 },
      organizations: { o1: { total: 2, byStatus: { Pending: 0, Applied: 1, Failed: 1, Invalid: 0 } } },
    });
  });

  it('counts an organization as a table', async () => {
    const run = await runCli(['summary', '--org', 'o1', ...store]);
    expect(run.stdout.split('\n')[2]?.split(/\s+/)).toEqual(['o1', '0', '1', '1', '0', '2']);
  });

  it('refuses neither or both of --org and --company', async () => {
    for (const args of [[], ['--org', 'o1', '--company', 'company-1']]) {
      const run = await runCli(['summary', ...args, ...store]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('exactly one of --org <uid> and --company <uid>');
    }
  });
});
