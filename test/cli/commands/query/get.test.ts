import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { id, storeWithRecipes, T0 } from '../recipe-fixtures.ts';

describe('recipe-status get', () => {
  let store: string[];
  beforeAll(async () => {
    store = await storeWithRecipes();
  });

  it('prints the current record', async () => {
    // Act
    const run = await runCli(['get', 'r1', ...store]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^recipe:\s+r1$/m);
    expect(run.stdout).toMatch(/^status:\s+Failed$/m);
  });

  it('prints it as JSON with --json', async () => {
    // Act
    const run = await runCli(['get', 'r1', '--json', ...store]);
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      recipeUid: 'r1',
      status: 'Failed',
      deviceIdentityHash: 'd1',
      organizationUid: 'o1',
      parentCompanyUid: 'company-1',
      eventId: id(5),
      occurredAt: new Date(T0 + 5 * 60_000).toISOString(),
    });
  });

  it('takes its options before the command as well', async () => {
    // Act
    const run = await runCli(['--json', ...store, 'get', 'r1']);
    // Assess
    expect(JSON.parse(run.stdout)).toMatchObject({ recipeUid: 'r1', status: 'Failed' });
  });

  it('exits 3 with a message for a recipe that is not there', async () => {
    // Act
    const run = await runCli(['get', 'nope', ...store]);
    // Assess
    expect(run).toEqual({ code: 3, stdout: '', stderr: 'recipe-status: recipe nope not found\n' });
  });
});
