import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../../../lambda/store/dynamodb-client.ts';
import { createRecipeStatusQueries } from '../../../../lambda/store/queries/queries.ts';
import { jsonLines, runCli } from '../../../support/cli.ts';
import { recipeEvent, uuidV7 } from '../../../support/events.ts';
import { printSeedOnFailure } from '../../../support/print-seed.ts';
import { TEST_SEED } from '../../../support/seed.ts';
import { shuffled } from '../../../support/shuffle.ts';
import { startFailingProxy } from '../../support/failing-proxy.ts';
import { freshStore, id, invalid, newer, older, other, sibling } from '../recipe-fixtures.ts';

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
    // Prepare
    const store = freshStore();

    // Act
    const run = await runCli(['replay', join(folder, 'events.ndjson'), '--json', ...store]);

    // Assess
    const [, endpoint, , table] = store;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`recipe-status: writing to table "${table}" at ${endpoint}\n`);
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
    // Act
    const run = await runCli(['replay', '-', ...freshStore()], {
      input: JSON.stringify([older, newer, older, newer]),
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^LINE\s+OUTCOME\s+EVENT ID\s+RECIPE/);
    expect(run.stdout).toContain('4 events: 2 applied, 2 duplicate');
  });

  it('reads a single pretty-printed event', async () => {
    // Prepare
    const single = recipeEvent({
      id: id(9),
      recipeUid: 'r4',
      deviceIdentityHash: 'd2',
      organizationUid: 'o2',
    });

    // Act
    const run = await runCli(['replay', '-', '--json', ...freshStore()], {
      input: JSON.stringify(single, null, 2),
    });

    // Assess
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((line) => line.outcome)).toEqual(['applied']);
  });

  it('names a file it cannot read', async () => {
    // Act
    const run = await runCli(['replay', join(folder, 'absent.ndjson'), ...freshStore()]);

    // Assess
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `recipe-status: cannot read ${join(folder, 'absent.ndjson')}: no such file\n`,
    });
  });
});

describe('recipe-status replay when the store fails on one line', () => {
  const failing = recipeEvent({ id: id(4), recipeUid: 'throttled-recipe', status: 'Applied' });
  const input = [older, failing, other].map((event) => JSON.stringify(event)).join('\n');
  const throttled = expect.stringMatching(/^ProvisionedThroughputExceededException: The level of configured/);

  const proxied = async () => {
    const proxy = await startFailingProxy(inject('dynamoDbEndpoint'), 'throttled-recipe');
    const [, , , table = ''] = freshStore();
    return { proxy, table, store: ['--endpoint', proxy.endpoint, '--table', table] };
  };
  const storedUids = async (table: string) => {
    const client = createDocumentClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1' });
    const queries = createRecipeStatusQueries({ client, tableName: table });
    const found = await Promise.all(
      ['r1', 'r2'].map((uid) => queries.getRecipe(uid, { consistentRead: true })),
    );
    client.destroy();
    return found.map((record) => record?.recipeUid);
  };

  it('gives that line a failed outcome with the reason, runs the rest, counts it and exits 1', {
    timeout: 90_000,
  }, async () => {
    // Prepare
    const { proxy, table, store } = await proxied();
    try {
      // Act
      const json = await runCli(['replay', '-', '--json', ...store], { input });

      // Assess
      expect(json.code).toBe(1);
      expect(jsonLines(json.stdout)).toEqual([
        { line: 1, eventId: id(1), recipeUid: 'r1', outcome: 'applied' },
        { line: 2, eventId: id(4), recipeUid: 'throttled-recipe', outcome: 'failed', reasons: [throttled] },
        { line: 3, eventId: id(3), recipeUid: 'r2', outcome: 'applied' },
      ]);
      expect(await storedUids(table)).toEqual(['r1', 'r2']);

      const human = await runCli(['replay', '-', ...store], { input });
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(
        /^2 +failed +\S+ +throttled-recipe +ProvisionedThroughputExceededException: /m,
      );
      expect(human.stdout).toContain('\n3 events: 2 duplicate, 1 failed\n');
    } finally {
      await proxy.close();
    }
  });

  it('with --stop-on-error stops there, reports the lines done and how many did not run', async () => {
    // Prepare
    const { proxy, table, store } = await proxied();
    try {
      // Act
      const run = await runCli(['replay', '-', '--json', '--stop-on-error', ...store], { input });

      // Assess
      expect(run.code).toBe(1);
      expect(jsonLines(run.stdout).map((line) => [line.line, line.outcome])).toEqual([
        [1, 'applied'],
        [2, 'failed'],
      ]);
      expect(run.stderr).toContain(
        'recipe-status: stopped after the failure at line 2 (--stop-on-error): 1 events not run; resume from line 3\n',
      );
      expect(await storedUids(table)).toEqual(['r1', undefined]);
    } finally {
      await proxy.close();
    }
  });
});

describe('recipe-status replay --concurrency', () => {
  printSeedOnFailure();
  // Six recipes, five events each, in a seeded shuffle, some delivered twice.
  const events = Array.from({ length: 30 }, (_, index) =>
    recipeEvent({ id: id(10 + index), recipeUid: `c${index % 6}`, status: 'Pending' }),
  );
  const input = shuffled([...events, ...events.slice(0, 8)], TEST_SEED)
    .map((event) => JSON.stringify(event))
    .join('\n');

  // Two runs of 38 events: slow on a busy machine, so it gets more time than the default.
  it('gives every line the outcome a one-at-a-time run gives, writing each recipe in input order', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const proxy = await startFailingProxy(inject('dynamoDbEndpoint'), 'never-in-any-request');
    try {
      const [, , , table = ''] = freshStore();

      // Act
      const concurrent = await runCli(
        ['replay', '-', '--json', '--concurrency', '4', '--endpoint', proxy.endpoint, '--table', table],
        { input },
      );
      const sequential = await runCli(['replay', '-', '--json', ...freshStore()], { input });

      // Assess
      expect(concurrent.code).toBe(0);
      expect(jsonLines(concurrent.stdout)).toEqual(jsonLines(sequential.stdout));
      // The history puts (one per event delivered, duplicates included) per recipe, in the order they arrived.
      const historyPuts = proxy.requests
        .filter((request) => request.target.endsWith('.PutItem') && request.body.includes('"EVENT#'))
        .map((request) => JSON.parse(request.body).Item as { pk: { S: string }; eventId: { S: string } });
      const inputOrder = jsonLines(sequential.stdout);
      for (let recipe = 0; recipe < 6; recipe++) {
        const uid = `c${recipe}`;
        expect(
          historyPuts.filter((item) => item.pk.S === `RECIPE#${uid}`).map((item) => item.eventId.S),
          uid,
        ).toEqual(inputOrder.filter((line) => line.recipeUid === uid).map((line) => line.eventId));
      }
    } finally {
      await proxy.close();
    }
  });

  it.each([['0'], ['65'], ['two']])('refuses --concurrency %s', async (value) => {
    // Act
    const run = await runCli(['replay', '-', '--concurrency', value, ...freshStore()], { input });

    // Assess
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `recipe-status: --concurrency must be a whole number from 1 to 64, got "${value}"\n`,
    });
  });

  it('matches the sources --source names, and says which field an ignored event differs in', async () => {
    // Prepare
    const acme = { ...recipeEvent({ id: id(50), recipeUid: 'r-acme' }), source: 'acme' };
    const input = JSON.stringify(acme);

    // Act
    const ignored = jsonLines((await runCli(['replay', '-', '--json', ...freshStore()], { input })).stdout);
    const matched = await runCli(['replay', '-', '--json', '--source', 'signageos,acme', ...freshStore()], {
      input,
    });

    // Assess
    expect(ignored).toEqual([
      expect.objectContaining({ outcome: 'ignored', reasons: ['not matched by the rule (source "acme")'] }),
    ]);
    expect(jsonLines(matched.stdout)).toEqual([expect.objectContaining({ outcome: 'applied' })]);
  });

  it('orders by the tolerance the function has, read from FUTURE_TOLERANCE_SECONDS', async () => {
    // Prepare: an id one hour ahead of its envelope time, beyond the default 5 minutes, within 2 hours.
    const event = recipeEvent({
      id: uuidV7(Date.parse('2026-11-26T10:15:02Z')),
      time: '2026-11-26T09:15:02Z',
    });
    const input = JSON.stringify(event);
    const store = freshStore();

    // Act
    await runCli(['replay', '-', ...store], {
      input,
      env: { ...process.env, FUTURE_TOLERANCE_SECONDS: '7200' },
    });

    // Assess
    const record = JSON.parse((await runCli(['get', event.detail.payload.uid, '--json', ...store])).stdout);
    expect(record).toMatchObject({ orderedBy: 'uuidV7', occurredAt: '2026-11-26T10:15:02.000Z' });
  });

  it('refuses empty input, exit 2, instead of reporting nothing done', async () => {
    // Act
    const run = await runCli(['replay', '-', ...freshStore()], { input: '\n' });

    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'recipe-status: no events in stdin\n' });
  });
});
