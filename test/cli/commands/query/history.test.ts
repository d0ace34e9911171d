import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { storeWithRecipes } from '../recipe-fixtures.ts';

describe('recipe-status history', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it('lists a recipe in event order', async () => {
    // Act
    const json = JSON.parse((await runCli(['history', 'r1', '--json', ...store])).stdout);
    // Assess
    expect(json.map((record: { status: string }) => record.status)).toEqual(['Pending', 'Failed']);
    expect((await runCli(['history', 'r1', ...store])).stdout).toMatch(/Pending[\s\S]*Failed/);
  });
});
