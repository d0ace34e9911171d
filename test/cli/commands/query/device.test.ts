import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { storeWithRecipes } from '../recipe-fixtures.ts';

describe('recipe-status device', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it('lists the recipes of a device, as JSON and as a table', async () => {
    // Act
    const json = JSON.parse((await runCli(['device', 'd1', '--json', ...store])).stdout);
    const human = await runCli(['device', 'd1', ...store]);
    // Assess
    expect(json.map((record: { recipeUid: string }) => record.recipeUid)).toEqual(['r1', 'r2']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^RECIPE\s+STATUS\s+DEVICE/);
    expect(human.stdout.split('\n').filter((line) => /^r\d/.test(line))).toHaveLength(2);
  });

  it('says (none) for a device it does not know', async () => {
    // Act
    const run = await runCli(['device', 'd-unknown', ...store]);
    // Assess
    expect(run).toEqual({ code: 0, stdout: '(none)\n', stderr: '' });
  });
});
