import { beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import {
  createRecipeStatusQueries,
  InvalidCursorError,
  InvalidLimitError,
  type RecipeStatusQueries,
} from '../../../../lambda/store/queries/queries.ts';
import { recipeEvent, uuidV7 } from '../../../support/events.ts';
import { createTestTable } from '../../../support/test-table.ts';

// A page request the queries did not issue never reaches DynamoDB: a bad limit or a cursor of another query is refused.

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
let queries: RecipeStatusQueries;
let cursorOfO1: string;

beforeAll(async () => {
  const table = await createTestTable();
  const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
  const events = ['o1', 'o1', 'o2', 'o2'].map((organizationUid, index) =>
    recipeEvent({
      id: uuidV7(T0 + index * 60_000, Buffer.alloc(10, index + 1)),
      recipeUid: `r${index}`,
      organizationUid,
      deviceIdentityHash: 'd1',
    }),
  );
  for (const event of events) await processEvent(event, { store, now: () => new Date(T0 + 3_600_000) });
  queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
  const first = await queries.listOrganizationRecipes('o1', { limit: 1 });
  if (first.nextCursor === undefined) throw new Error('expected a second page of o1');
  cursorOfO1 = first.nextCursor;
});

const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page requests the queries did not issue', () => {
  it('goes on with a cursor it issued for the same query', async () => {
    // Act
    const page = await queries.listOrganizationRecipes('o1', { limit: 1, cursor: cursorOfO1 });

    // Assess
    expect(page.items.map((item) => item.organizationUid)).toEqual(['o1']);
  });

  it.each([
    ['another organization', () => queries.listOrganizationRecipes('o2', { cursor: cursorOfO1 })],
    ['another index', () => queries.listDeviceRecipes('d1', { cursor: cursorOfO1 })],
    ['the rejected list', () => queries.listRejected({ cursor: cursorOfO1 })],
    ['a forged key', () => queries.listRejected({ cursor: forged({ pk: 'REJECTED', sk: 7 }) })],
    ['a bare key, as 0.2 wrote', () => queries.listRejected({ cursor: forged({ pk: 'REJECTED', sk: 'x' }) })],
    ['garbage', () => queries.listRejected({ cursor: 'garbage' })],
  ])('refuses a cursor of %s with InvalidCursorError', async (_name, request) => {
    // Act and assess
    await expect(request()).rejects.toThrow(InvalidCursorError);
  });

  it.each([Number.NaN, 0, -1, 1.5, Number.POSITIVE_INFINITY])(
    'refuses a limit of %s with InvalidLimitError',
    async (limit) => {
      // Act and assess
      await expect(queries.listOrganizationRecipes('o1', { limit })).rejects.toThrow(InvalidLimitError);
    },
  );
});
