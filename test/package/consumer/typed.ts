// Check (b): a TypeScript consumer typed with recipe-status/queries and recipe-status/schema.
import { readFileSync } from 'node:fs';
import type { Page, RecipeStatusQueries, StatusRecord } from 'recipe-status/queries';
import {
  EVENT_TYPE,
  type ParseResult,
  parseRecipeStatusEvent,
  RECIPE_STATUSES,
  type RecipeStatus,
  type RecipeStatusEvent,
} from 'recipe-status/schema';

export const failedRecipes = async (
  queries: RecipeStatusQueries,
  organizationUid: string,
): Promise<string[]> => {
  const page: Page<StatusRecord> = await queries.listOrganizationRecipes(organizationUid, {
    status: 'Failed',
  });
  return page.items.map((record) => record.recipeUid);
};

const statusOf = (event: RecipeStatusEvent): RecipeStatus => event.detail.payload.status;

const describe = (result: ParseResult): string =>
  result.success ? statusOf(result.event) : `invalid ${result.issues.map((issue) => issue.field).join(' ')}`;

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node typed.js <events.ndjson>');
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
for (const line of lines) console.log(describe(parseRecipeStatusEvent(JSON.parse(line))));
console.log(`${EVENT_TYPE}: ${RECIPE_STATUSES.join(' ')}`);
