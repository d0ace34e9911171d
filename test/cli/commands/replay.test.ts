import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../../support/cli.ts';
import { recipeEvent } from '../../support/events.ts';
import { freshStore, id, invalid, newer, older, other, sibling } from './recipe-fixtures.ts';

const NDJSON = [
  JSON.stringify(newer),
  JSON.stringify(older),
  '{ this is not json',
  JSON.stringify(newer),
  '',
  JSON.stringify(invalid),
  JSON.stringify(sibling),
  JSON.stringify(other),
].join('\n');

describe('recipe-status replay', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'recipe-status-replay-'));
    writeFileSync(join(folder, 'events.ndjson'), NDJSON);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reports every outcome per line, the unreadable line by number, and exits 1 for it', async () => {
    const run = await runCli(['replay', join(folder, 'events.ndjson'), '--json', ...freshStore()]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => [line.line, line.outcome])).toEqual([
      [1, 'applied'],
      [2, 'stale'],
      [3, 'unreadable'],
      [4, 'duplicate'],
      [6, 'rejected'],
      [7, 'ignored'],
      [8, 'applied'],
    ]);
    expect(lines[0]).toEqual({ line: 1, eventId: id(5), recipeUid: 'r1', outcome: 'applied' });
    expect(lines[4]?.reasons).toEqual(['detail.kind: must be "domain"']);
    expect(lines[2]?.reasons).toEqual([expect.stringMatching(/^not JSON/)]);
  });

  it('reads a JSON array from stdin, prints a table and a count, and exits 0 when every line was read', async () => {
    const run = await runCli(['replay', '-', ...freshStore()], {
      input: JSON.stringify([older, newer, older, newer]),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^LINE\s+OUTCOME\s+EVENT ID\s+RECIPE/);
    expect(run.stdout).toContain('4 events: 2 applied, 2 duplicate');
  });

  it('reads a single pretty-printed event', async () => {
    const single = recipeEvent({
      id: id(9),
      recipeUid: 'r4',
      deviceIdentityHash: 'd2',
      organizationUid: 'o2',
    });
    const run = await runCli(['replay', '-', '--json', ...freshStore()], {
      input: JSON.stringify(single, null, 2),
    });
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((line) => line.outcome)).toEqual(['applied']);
  });

  it('names a file it cannot read', async () => {
    const run = await runCli(['replay', join(folder, 'absent.ndjson'), ...freshStore()]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `recipe-status: cannot read ${join(folder, 'absent.ndjson')}: no such file\n`,
    });
  });
});
