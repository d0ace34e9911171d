import { beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import {
  collectAll,
  createRecipeStatusQueries,
  InvalidCursorError,
  type RecipeStatusQueries,
} from '../../../../lambda/store/queries/queries.ts';
import { recipeEvent, uuidV7 } from '../../../support/events.ts';
import { createTestTable } from '../../../support/test-table.ts';
import { interceptingClient, type SentCommand } from '../intercepting-client.ts';

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const at = (minutes: number) => uuidV7(T0 + minutes * 60_000, Buffer.alloc(10, minutes));

// Company c1 has organizations o1 and o2; company c2 has o3. r1 moves Pending -> Failed.
const EVENTS = [
  ['r1', 'o1', 'c1', 'Pending', 1],
  ['r1', 'o1', 'c1', 'Failed', 9],
  ['r2', 'o1', 'c1', 'Applied', 2],
  ['r3', 'o2', 'c1', 'Failed', 4],
  ['r4', 'o2', 'c1', 'Pending', 6],
  ['r5', 'o2', 'c1', 'Applied', 7],
  ['r6', 'o3', 'c2', 'Failed', 8],
  ['r7', 'o1', 'c1', 'Invalid', 3],
] as const;

let queries: RecipeStatusQueries;
const sent: SentCommand[] = [];

beforeAll(async () => {
  // Prepare
  const table = await createTestTable();
  const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
  const now = () => new Date(T0 + 3_600_000);
  for (const [recipeUid, organizationUid, parentCompanyUid, status, minute] of EVENTS) {
    const event = recipeEvent({ id: at(minute), recipeUid, organizationUid, parentCompanyUid, status });
    await processEvent(event, { store, now });
  }
  const client = interceptingClient(table.endpoint, async (command) => {
    sent.push(command);
  });
  queries = createRecipeStatusQueries({ client, tableName: table.tableName });
});

const uids = (records: { recipeUid: string }[]) => records.map((record) => record.recipeUid);

describe('company queries', () => {
  it("lists every organization's recipes of a company, newest first, and no other company's", async () => {
    expect(uids((await queries.listCompanyRecipes('c1')).items)).toEqual([
      'r1',
      'r5',
      'r4',
      'r3',
      'r7',
      'r2',
    ]);
    expect(uids((await queries.listCompanyRecipes('c2')).items)).toEqual(['r6']);
    expect((await queries.listCompanyRecipes('c3')).items).toEqual([]);
  });

  it('lists only the recipes in one status, by their current status', async () => {
    expect(uids((await queries.listCompanyRecipes('c1', { status: 'Failed' })).items)).toEqual(['r1', 'r3']);
    expect(uids((await queries.listCompanyRecipes('c1', { status: 'Pending' })).items)).toEqual(['r4']);
  });

  it.each([1, 2, 4])(
    'pages the merged statuses %i at a time, losing and repeating nothing',
    async (limit) => {
      const pages: number[] = [];
      const all = await collectAll(async (cursor) => {
        const page = await queries.listCompanyRecipes('c1', {
          limit,
          ...(cursor !== undefined && { cursor }),
        });
        pages.push(page.items.length);
        return page;
      });
      expect(uids(all)).toEqual(['r1', 'r5', 'r4', 'r3', 'r7', 'r2']);
      expect(Math.max(...pages)).toBeLessThanOrEqual(limit);
    },
  );

  it('pages an organization merged from its status partitions the same way', async () => {
    const all = await collectAll((cursor) =>
      queries.listOrganizationRecipes('o1', { limit: 1, ...(cursor !== undefined && { cursor }) }),
    );
    expect(uids(all)).toEqual(['r1', 'r7', 'r2']);
  });

  it('refuses a cursor it did not make, or one of another listing', async () => {
    await expect(queries.listCompanyRecipes('c1', { cursor: 'garbage' })).rejects.toThrow(InvalidCursorError);
    const { nextCursor } = await queries.listCompanyRecipes('c1', { limit: 1 });
    const cursor = nextCursor ?? '';
    await expect(queries.listCompanyRecipes('c1', { status: 'Failed', cursor })).rejects.toThrow(
      InvalidCursorError,
    );
  });
});

describe('rollout summaries', () => {
  it('counts an organization per status exactly', async () => {
    const summary = await queries.summarizeOrganization('o2');
    expect(summary).toMatchObject({
      organizationUid: 'o2',
      total: 3,
      byStatus: { Pending: 1, Applied: 1, Failed: 1, Invalid: 0 },
    });
  });

  it('counts a company per status and per organization exactly', async () => {
    const summary = await queries.summarizeCompany('c1');
    expect(summary).toMatchObject({
      parentCompanyUid: 'c1',
      total: 6,
      byStatus: { Pending: 1, Applied: 2, Failed: 2, Invalid: 1 },
      organizations: {
        o1: { total: 3, byStatus: { Pending: 0, Applied: 1, Failed: 1, Invalid: 1 } },
        o2: { total: 3, byStatus: { Pending: 1, Applied: 1, Failed: 1, Invalid: 0 } },
      },
    });
    expect(Object.keys(summary.organizations)).toEqual(['o1', 'o2']);
  });

  it('reads the indexes with one Query per status and page: never a Scan, never the table', async () => {
    // Act
    sent.length = 0;
    const summary = await queries.summarizeCompany('c1');
    await queries.summarizeOrganization('o1');
    await queries.listCompanyRecipes('c1');
    // Assess
    expect(new Set(sent.map((command) => command.constructor.name))).toEqual(new Set(['QueryCommand']));
    for (const command of sent) expect(Reflect.get(command.input, 'IndexName')).toBeTypeOf('string');
    // Four statuses, each a Query of at most 4 KB here: 0.5 read units each.
    expect(summary.readUnits).toBe(2);
  });
});
