import { DescribeTableCommand, type DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTableInput, ensureTable } from '../../../dynamodb-local/ensure-table.ts';
import { globalSecondaryIndex } from '../../../dynamodb-local/upgrade-indexes.ts';
import { RECIPE_STATUSES } from '../../../lambda/contract/event-schema.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { collectAll, createRecipeStatusQueries } from '../../../lambda/store/queries/queries.ts';
import {
  BY_STATUS_COMPANY_INDEX,
  INDEXES,
  LEGACY_BY_ORGANIZATION_INDEX,
} from '../../../lambda/store/table-definition.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { readCurrentItem } from '../../support/oracle.ts';
import { printSeedOnFailure } from '../../support/print-seed.ts';
import { seededRandom, TEST_SEED } from '../../support/seed.ts';
import { createTableWithIndexes, V02_INDEXES } from '../../support/table-layouts.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date('2026-11-26T12:00:00.000Z');
const RECIPES = 60;

printSeedOnFailure();

// The attributes 0.2's function wrote on a current record (its items.ts), copied from its code.
const V02_CURRENT_KEYS = ['pk', 'sk', 'deviceKey', 'organizationKey', 'organizationStatusKey'];

/** The deploys of docs/data-model.md#migrating-from-02, as UpdateTable calls (one index each, as CloudFormation makes them). */
const updateIndexes = async (client: DynamoDBClient, tableName: string, update: 'add' | 'drop') => {
  const table = createTableInput(tableName);
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      ...(update === 'add'
        ? {
            AttributeDefinitions: table.AttributeDefinitions,
            GlobalSecondaryIndexUpdates: [{ Create: globalSecondaryIndex(BY_STATUS_COMPANY_INDEX) }],
          }
        : {
            GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: LEGACY_BY_ORGANIZATION_INDEX.indexName } }],
          }),
    }),
  );
  for (let attempt = 0; attempt < 120; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (indexes.every((index) => index.IndexStatus === 'ACTIVE')) return indexes;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('the index did not become active');
};

describe('migrating a table filled by 0.2', () => {
  it('adds byStatusCompany, drops byOrganization, and every current record is listed and counted', async () => {
    // Prepare: a 0.2 table, filled the way 0.2 fills it, in seeded order
    const random = seededRandom(TEST_SEED);
    const table = await createTableWithIndexes(V02_INDEXES);
    const store = createDynamoDbStatusStore({
      client: table.documentClient,
      tableName: table.tableName,
      now,
    });
    const event = (recipe: number, step: number) =>
      recipeEvent({
        id: uuidV7(T0 + step * 60_000 + recipe),
        recipeUid: `r${recipe}`,
        organizationUid: `o${recipe % 5}`,
        parentCompanyUid: `c${recipe % 5 < 3 ? 1 : 2}`,
        status: RECIPE_STATUSES[Math.floor(random() * RECIPE_STATUSES.length)],
      });
    for (let recipe = 0; recipe < RECIPES; recipe++) await processEvent(event(recipe, 0), { store, now });
    const item = await readCurrentItem(table, 'r0');
    for (const key of V02_CURRENT_KEYS) expect(item).toHaveProperty(key);

    // Act: deploy 1 adds the index while events go on; deploy 2 drops 0.2's
    await updateIndexes(table.client, table.tableName, 'add');
    for (let recipe = 0; recipe < RECIPES; recipe += 3) await processEvent(event(recipe, 1), { store, now });
    const after = await updateIndexes(table.client, table.tableName, 'drop');

    // Assess: the layout is the definition's, and nothing is missing from it
    const definition = createTableInput(table.tableName).GlobalSecondaryIndexes ?? [];
    const keySchemas = (indexes: typeof after) =>
      indexes
        .map((index) => [index.IndexName, index.KeySchema])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(keySchemas(after)).toEqual(keySchemas(definition));
    expect(after.map((index) => index.IndexName).sort()).toEqual(
      INDEXES.map((index) => index.indexName).sort(),
    );

    const queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
    const oracle = new Map<string, { status: string; company: string; organization: string }>();
    for (let recipe = 0; recipe < RECIPES; recipe++) {
      const current = await readCurrentItem(table, `r${recipe}`);
      oracle.set(`r${recipe}`, {
        status: String(current?.status),
        company: String(current?.parentCompanyUid),
        organization: String(current?.organizationUid),
      });
    }
    for (const company of ['c1', 'c2']) {
      const listed = await collectAll((cursor) =>
        queries.listCompanyRecipes(company, { limit: 7, ...(cursor !== undefined && { cursor }) }),
      );
      const expected = [...oracle].filter(([, o]) => o.company === company).map(([uid]) => uid);
      expect(listed.map((record) => record.recipeUid).sort()).toEqual(expected.sort());
      const summary = await queries.summarizeCompany(company);
      expect(summary.total).toBe(expected.length);
      for (const status of RECIPE_STATUSES) {
        const inStatus = [...oracle.values()].filter((o) => o.company === company && o.status === status);
        expect(summary.byStatus[status]).toBe(inStatus.length);
      }
    }
    for (const organization of ['o0', 'o1', 'o2', 'o3', 'o4']) {
      const listed = await collectAll((cursor) =>
        queries.listOrganizationRecipes(organization, cursor === undefined ? {} : { cursor }),
      );
      expect(listed).toHaveLength([...oracle.values()].filter((o) => o.organization === organization).length);
    }
  });
});

describe('a local store made by 0.2', () => {
  it('is upgraded when a command opens it: the same indexes as a new table, its recipes listed by company', async () => {
    // Prepare
    const table = await createTableWithIndexes(V02_INDEXES);
    const store = createDynamoDbStatusStore({
      client: table.documentClient,
      tableName: table.tableName,
      now,
    });
    await processEvent(recipeEvent({ id: uuidV7(T0), recipeUid: 'r1', parentCompanyUid: 'c9' }), {
      store,
      now,
    });

    // Act
    expect(await ensureTable(table.client, table.tableName)).toBe(false);

    // Assess
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    const names = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();
    expect(names).toEqual(INDEXES.map((index) => index.indexName).sort());
    const queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
    expect((await queries.listCompanyRecipes('c9')).items.map((record) => record.recipeUid)).toEqual(['r1']);
  });
});
