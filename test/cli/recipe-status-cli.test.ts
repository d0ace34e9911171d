import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jsonLines, runCli } from '../support/cli.ts';
import { recipeEvent, seedEvent, uuidV7 } from '../support/events.ts';

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const id = (minutes: number) => uuidV7(T0 + minutes * 60_000, Buffer.alloc(10, minutes));

const newer = recipeEvent({
  id: id(5),
  recipeUid: 'r1',
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  status: 'Failed',
});
const older = recipeEvent({
  id: id(1),
  recipeUid: 'r1',
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  status: 'Pending',
});
const other = recipeEvent({
  id: id(3),
  recipeUid: 'r2',
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  status: 'Applied',
});
const invalid = {
  ...recipeEvent({ id: id(7), recipeUid: 'r3' }),
  detail: { ...recipeEvent({ id: id(7) }).detail, kind: 'telemetry' },
};
const sibling = { ...seedEvent(), 'detail-type': 'Device.ProvisioningRecipeDeleted' };

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

let endpoint: string;
let table: string;
let store: string[];
let folder: string;

beforeAll(async () => {
  endpoint = inject('dynamoDbEndpoint');
  table = `cli-${randomUUID()}`;
  store = ['--endpoint', endpoint, '--table', table];
  folder = mkdtempSync(join(tmpdir(), 'recipe-status-cli-'));
  writeFileSync(join(folder, 'events.ndjson'), NDJSON);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('recipe-status replay', () => {
  it('reports every outcome per line, the unreadable line by number, and exits 1 for it', async () => {
    const run = await runCli(['replay', join(folder, 'events.ndjson'), '--json', ...store]);

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

  it('reads a JSON array from stdin, prints a table and exits 0 when every line was read', async () => {
    const run = await runCli(['replay', '-', ...store], { input: JSON.stringify([older, newer]) });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^LINE\s+OUTCOME\s+EVENT ID\s+RECIPE/);
    expect(run.stdout).toContain('2 events: 2 duplicate');
  });

  it('reads a single event', async () => {
    const single = recipeEvent({
      id: id(9),
      recipeUid: 'r4',
      deviceIdentityHash: 'd2',
      organizationUid: 'o2',
    });
    const run = await runCli(['replay', '-', '--json', ...store], { input: JSON.stringify(single, null, 2) });
    expect(jsonLines(run.stdout).map((line) => line.outcome)).toEqual(['applied']);
  });
});

describe('recipe-status queries', () => {
  it('get prints the current record, and its JSON', async () => {
    const human = await runCli(['get', 'r1', ...store]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^recipe:\s+r1$/m);
    expect(human.stdout).toMatch(/^status:\s+Failed$/m);

    const json = JSON.parse((await runCli(['get', 'r1', '--json', ...store])).stdout);
    expect(json).toMatchObject({
      recipeUid: 'r1',
      status: 'Failed',
      deviceIdentityHash: 'd1',
      organizationUid: 'o1',
      parentCompanyUid: 'company-1',
      eventId: id(5),
      occurredAt: new Date(T0 + 5 * 60_000).toISOString(),
    });
  });

  it('get exits 3 with a message for a recipe that is not there', async () => {
    const run = await runCli(['get', 'nope', ...store]);
    expect(run).toEqual({ code: 3, stdout: '', stderr: 'recipe nope not found\n' });
  });

  it('device lists the recipes of a device', async () => {
    const json = JSON.parse((await runCli(['device', 'd1', '--json', ...store])).stdout);
    expect(json.map((record: { recipeUid: string }) => record.recipeUid)).toEqual(['r1', 'r2']);
    const human = await runCli(['device', 'd1', ...store]);
    expect(human.stdout.split('\n').filter((line) => /^r\d/.test(line))).toHaveLength(2);
  });

  it('org lists newest first, and filters by status', async () => {
    const all = JSON.parse((await runCli(['org', 'o1', '--json', ...store])).stdout);
    expect(all.map((record: { recipeUid: string }) => record.recipeUid)).toEqual(['r1', 'r2']);
    const applied = JSON.parse(
      (await runCli(['org', 'o1', '--status', 'Applied', '--json', ...store])).stdout,
    );
    expect(applied.map((record: { recipeUid: string }) => record.recipeUid)).toEqual(['r2']);
    const human = await runCli(['org', 'o1', '--status', 'Pending', ...store]);
    expect(human.stdout.trim()).toBe('(none)');
  });

  it('history lists a recipe in event order', async () => {
    const json = JSON.parse((await runCli(['history', 'r1', '--json', ...store])).stdout);
    expect(json.map((record: { status: string }) => record.status)).toEqual(['Pending', 'Failed']);
    expect((await runCli(['history', 'r1', ...store])).stdout).toMatch(/Pending[\s\S]*Failed/);
  });

  it('rejected lists rejected events with their reasons', async () => {
    const json = JSON.parse((await runCli(['rejected', '--json', ...store])).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      eventId: id(7),
      issues: [{ field: 'detail.kind', message: 'must be "domain"' }],
    });
    expect((await runCli(['rejected', ...store])).stdout).toContain('detail.kind: must be "domain"');
  });
});

describe('recipe-status errors', () => {
  it.each([
    [['frobnicate'], 'recipe-status: unknown command "frobnicate". Run recipe-status --help for usage.\n'],
    [
      ['get', 'r1', '--colour'],
      'recipe-status: unknown option --colour. Run recipe-status --help for usage.\n',
    ],
    [['get'], 'recipe-status: missing the recipe uid. Run recipe-status --help for usage.\n'],
    [
      ['org', 'o1', '--status', 'Done'],
      'recipe-status: --status must be one of Pending, Applied, Failed, Invalid, got "Done"\n',
    ],
    [['replay', '/no/such/file.ndjson'], 'recipe-status: cannot read /no/such/file.ndjson: no such file\n'],
    [['redrive'], 'recipe-status: redrive needs --queue-url <url>\n'],
  ])('%j is one line on stderr and exit 2', async (args, message) => {
    const run = await runCli(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('names a table that is not there', async () => {
    const run = await runCli(['get', 'r1', '--endpoint', endpoint, '--table', 'absent']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`recipe-status: table "absent" not found at ${endpoint}\n`);
  });

  it('says so when AWS has no credentials to offer', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: folder,
      AWS_REGION: 'eu-central-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const run = await runCli(['get', 'r1', '--table', 'recipe-status'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^recipe-status: no AWS credentials found for table "recipe-status" in AWS/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('says how to install Java when it is missing', async () => {
    const run = await runCli(['get', 'r1', '--data-dir', join(folder, 'store')], {
      env: { PATH: '/nonexistent', HOME: folder },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^recipe-status: Java was not found: DynamoDB Local needs a Java 17\+ runtime/,
    );
  });
});

describe('the embedded local store', () => {
  it('keeps data in --data-dir between runs', async () => {
    const dataDir = ['--data-dir', join(folder, 'store')];
    const replayed = await runCli(['replay', '-', '--json', ...dataDir], { input: JSON.stringify(newer) });
    expect(jsonLines(replayed.stdout).map((line) => line.outcome)).toEqual(['applied']);

    const got = await runCli(['get', 'r1', '--json', ...dataDir]);
    expect(JSON.parse(got.stdout)).toMatchObject({ recipeUid: 'r1', status: 'Failed' });
  });
});
