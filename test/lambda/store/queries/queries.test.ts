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

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const at = (minutes: number) => uuidV7(T0 + minutes * 60_000, Buffer.alloc(10, minutes));

// Two organizations, three devices, six recipes; r1 has a history of three events.
const EVENTS = [
  recipeEvent({
    id: at(1),
    recipeUid: 'r1',
    deviceIdentityHash: 'd1',
    organizationUid: 'o1',
    status: 'Pending',
  }),
  recipeEvent({
    id: at(5),
    recipeUid: 'r1',
    deviceIdentityHash: 'd1',
    organizationUid: 'o1',
    status: 'Failed',
  }),
  recipeEvent({
    id: at(3),
    recipeUid: 'r1',
    deviceIdentityHash: 'd1',
    organizationUid: 'o1',
    status: 'Applied',
  }),
  recipeEvent({
    id: at(2),
    recipeUid: 'r2',
    deviceIdentityHash: 'd1',
    organizationUid: 'o1',
    status: 'Applied',
  }),
  recipeEvent({
    id: at(4),
    recipeUid: 'r3',
    deviceIdentityHash: 'd2',
    organizationUid: 'o1',
    status: 'Failed',
  }),
  recipeEvent({
    id: at(6),
    recipeUid: 'r4',
    deviceIdentityHash: 'd2',
    organizationUid: 'o1',
    status: 'Invalid',
  }),
  recipeEvent({
    id: at(7),
    recipeUid: 'r5',
    deviceIdentityHash: 'd3',
    organizationUid: 'o2',
    status: 'Failed',
  }),
  recipeEvent({
    id: at(8),
    recipeUid: 'r6',
    deviceIdentityHash: 'd3',
    organizationUid: 'o2',
    status: 'Pending',
  }),
];

let queries: RecipeStatusQueries;

beforeAll(async () => {
  const table = await createTestTable();
  let tick = 0;
  const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
  const now = () => new Date(T0 + 3_600_000 + tick++ * 1_000);
  for (const event of EVENTS) await processEvent(event, { store, now });
  await processEvent({ detail: 'not a delivery' }, { store, now });
  await processEvent({ ...EVENTS[0], 'detail-type': 'Device.ProvisioningRecipeCreated' }, { store, now });
  queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
});

const uids = (records: { recipeUid?: string | undefined }[]) => records.map((record) => record.recipeUid);

describe('the access patterns', () => {
  it("gets one recipe's current status, its greatest event", async () => {
    const recipe = await queries.getRecipe('r1', { consistentRead: true });
    expect(recipe).toMatchObject({ recipeUid: 'r1', status: 'Failed', eventId: at(5) });
  });

  it('returns undefined for a recipe never seen', async () => {
    expect(await queries.getRecipe('nope')).toBeUndefined();
  });

  it('lists all recipes of one device and no other', async () => {
    const page = await queries.listDeviceRecipes('d1');
    expect(uids(page.items)).toEqual(['r1', 'r2']);
    expect(page.nextCursor).toBeUndefined();
  });

  it('lists the recipes of one organization newest first', async () => {
    expect(uids((await queries.listOrganizationRecipes('o1')).items)).toEqual(['r4', 'r1', 'r3', 'r2']);
    expect(uids((await queries.listOrganizationRecipes('o2')).items)).toEqual(['r6', 'r5']);
  });

  it('lists only the recipes of one organization in one status', async () => {
    const failed = await queries.listOrganizationRecipes('o1', { status: 'Failed' });
    expect(uids(failed.items)).toEqual(['r1', 'r3']);
    expect((await queries.listOrganizationRecipes('o1', { status: 'Pending' })).items).toEqual([]);
  });

  it('pages through a list with a cursor, losing and repeating nothing', async () => {
    const first = await queries.listOrganizationRecipes('o1', { limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBeDefined();
    const all = await collectAll((cursor) =>
      queries.listOrganizationRecipes('o1', { limit: 1, ...(cursor !== undefined && { cursor }) }),
    );
    expect(uids(all)).toEqual(['r4', 'r1', 'r3', 'r2']);
  });

  it('refuses a cursor it did not make', async () => {
    await expect(queries.listRejected({ cursor: 'garbage' })).rejects.toThrow(InvalidCursorError);
  });

  it("returns a recipe's history in event order, stale events included", async () => {
    const history = await queries.getRecipeHistory('r1');
    expect(history.map((record) => [record.eventId, record.status])).toEqual([
      [at(1), 'Pending'],
      [at(3), 'Applied'],
      [at(5), 'Failed'],
    ]);
  });

  it('lists rejected events newest first, with their issues', async () => {
    const { items } = await queries.listRejected();
    expect(items.map((item) => item.detailType)).toEqual(['Device.ProvisioningRecipeCreated', undefined]);
    expect(items[0]?.issues).toEqual([{ field: 'detail-type', message: 'must equal detail.type' }]);
    expect(items[1]?.issues.map((issue) => issue.field)).toContain('detail');
  });
});
