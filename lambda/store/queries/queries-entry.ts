/**
 * `recipe-status/queries`: the package entry point for services that read the
 * table. Every access pattern is one GetItem or Query through a DocumentClient:
 * `createRecipeStatusQueries({ client, tableName })`.
 */
export type { RecipeStatus } from '../../contract/event-schema.ts';
export type { RejectedRecord, StatusRecord } from '../../records/records.ts';
export {
  type CompanyQuery,
  collectAll,
  createRecipeStatusQueries,
  InvalidCursorError,
  InvalidLimitError,
  type OrganizationQuery,
  type Page,
  type PageRequest,
  type RecipeStatusQueries,
  type RecipeStatusQueriesOptions,
} from './queries.ts';
export type { CompanySummary, OrganizationSummary, StatusCounts, StatusSummary } from './rollout-summary.ts';
