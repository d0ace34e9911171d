import { describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';
import { freshStore } from '../recipe-fixtures.ts';

describe('recipe-status demo', () => {
  it('replays the example day into the store it names and shows every recipe', async () => {
    // Prepare
    const store = freshStore();
    // Act
    const run = await runCli(['demo', ...store]);

    // Assess
    expect(run.stderr).toBe(`recipe-status: writing to table "${store[3]}" at ${store[1]}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Replaying examples\/events\.ndjson\n\n/);
    expect(run.stdout).toMatch(/^16 events: 11 applied, 1 stale, 1 duplicate, 1 ignored, 2 rejected$/m);
    expect(run.stdout).toContain('Current status of every recipe:');
    expect(run.stdout).toMatch(/^rcp-player-store-17\s+\S+/m);
    // It ends with the example day's change events: eleven changes of six recipes.
    const changes = run.stdout.split('(recipe-status changes):\n\n')[1]?.split('\n\n')[0]?.split('\n');
    expect(changes).toHaveLength(11);
    expect(changes?.at(-1)).toMatch(/ {2}rcp-player-store-17 {2}Failed -> Applied {2}/);
  });

  it('takes no argument and no --json', async () => {
    expect((await runCli(['demo', 'extra'])).stderr).toBe('recipe-status: unexpected argument "extra"\n');
    expect((await runCli(['demo', '--json'])).stderr).toBe(
      'recipe-status: demo does not take --json. Run recipe-status --help for usage.\n',
    );
  });
});
