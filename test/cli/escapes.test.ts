import { beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { jsonLines, runCli } from '../support/cli.ts';
import { recipeEvent, uuidV7 } from '../support/events.ts';
import { createTestTable } from '../support/test-table.ts';

/**
 * Event data reaches the operator's terminal: what the contract lets through
 * (a `source` or uid may hold a line separator or a bidi override) and what a
 * rejected record keeps (any id up to 256 characters) is printed escaped, and
 * `--json` keeps it exact.
 */

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
// The contract refuses control characters in `source`, but not a line separator or a bidi override.
const forgedSource = 'signageos\u2028status:                  Applied\u202e';
const reversedUid = 'rcp-\u202eevil';
const accepted = {
  ...recipeEvent({ id: uuidV7(T0, Buffer.alloc(10, 1)), recipeUid: reversedUid }),
  source: forgedSource,
};
const rejectedId = `\x1b]0;pwned\x07${CLEAR_SCREEN}`;
const rejected = { ...recipeEvent({ id: rejectedId, recipeUid: 'rcp-2' }), account: 42 };

/** No control character but the line break, and no bidi or other format character, reaches the terminal. */
const UNSAFE = /(?!\n)[\p{Cc}\p{Cf}]/u;

let store: string[];
beforeAll(async () => {
  const table = await createTestTable();
  const now = () => new Date(T0 + 60_000);
  const statusStore = createDynamoDbStatusStore({
    client: table.documentClient,
    tableName: table.tableName,
    now,
  });
  for (const event of [accepted, rejected]) await processEvent(event, { store: statusStore, now });
  store = ['--endpoint', table.endpoint, '--table', table.tableName];
});

describe('values from event data on the terminal', () => {
  it('get shows a forged source escaped, on its own line, and --json exact', async () => {
    // Act
    const human = await runCli(['get', reversedUid, ...store]);
    const json = JSON.parse((await runCli(['get', reversedUid, '--json', ...store])).stdout);
    // Assess
    expect(human.code).toBe(0);
    expect(human.stdout).not.toMatch(UNSAFE);
    expect(human.stdout).toMatch(/^recipe: +rcp-\\u202eevil$/m);
    expect(human.stdout).toMatch(/^source: +signageos\\u2028status: +Applied\\u202e$/m);
    expect(json).toMatchObject({ recipeUid: reversedUid, source: forgedSource });
  });

  it('the device and org tables escape every cell', async () => {
    for (const args of [
      ['device', 'device-1'],
      ['org', 'org-1'],
    ]) {
      // Act
      const run = await runCli([...args, ...store]);
      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(UNSAFE);
      expect(run.stdout).toContain('rcp-\\u202eevil');
    }
  });

  it('rejected shows the event id escaped, and --json keeps it exact', async () => {
    // Act
    const human = await runCli(['rejected', ...store]);
    const json = JSON.parse((await runCli(['rejected', '--json', ...store])).stdout);
    // Assess
    expect(human.stdout).not.toMatch(UNSAFE);
    expect(human.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H');
    expect(json[0].eventId).toBe(rejectedId);
  });

  it('replay escapes its table and keeps its JSON lines exact', async () => {
    // Prepare: the rule's pattern matches the ingestion's source only, a forged one would be ignored.
    const routed = { ...accepted, source: 'signageos' };
    const input = [routed, rejected].map((event) => JSON.stringify(event)).join('\n');
    // Act
    const human = await runCli(['replay', '-', ...store], { input });
    const json = await runCli(['replay', '-', '--json', ...store], { input });
    // Assess
    expect(human.stdout).not.toMatch(UNSAFE);
    expect(human.stdout).toContain('rcp-\\u202eevil');
    expect(jsonLines(json.stdout).map((line) => [line.eventId, line.recipeUid])).toEqual([
      [accepted.detail.id, reversedUid],
      [rejectedId, 'rcp-2'],
    ]);
  });

  it('an error that echoes input escapes it', async () => {
    // Act
    const run = await runCli(['get', `nope${CLEAR_SCREEN}`, ...store]);
    const unknown = await runCli([`\x1b[31mred`]);
    // Assess
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: 'recipe-status: recipe nope\\x1b[2J\\x1b[H not found\n',
    });
    expect(unknown.stderr).toBe(
      'recipe-status: unknown command "\\x1b[31mred". Run recipe-status --help for usage.\n',
    );
  });
});
