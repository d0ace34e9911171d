import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type * as v from 'valibot';
import { RECIPE_STATUSES, type RecipeStatus } from '../../contract/event-schema.ts';
import { compareOrderKeys } from '../../records/ordering.ts';
import {
  type RejectedRecord,
  RejectedRecordSchema,
  type StatusRecord,
  StatusRecordSchema,
} from '../../records/records.ts';
import { fromItem } from '../items.ts';
import {
  BY_DEVICE_INDEX,
  BY_ORGANIZATION_STATUS_INDEX,
  BY_STATUS_COMPANY_INDEX,
  CURRENT_SORT_KEY,
  HISTORY_SORT_KEY_PREFIX,
  organizationStatusKey,
  PARTITION_KEY,
  REJECTED_PARTITION_KEY,
  recipePartitionKey,
  SORT_KEY,
} from '../table-definition.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type MergedPartition, readMergedListing } from './merged-listing.ts';
import { checkedLimit } from './page-limit.ts';
import { queryScope } from './query-scope.ts';
import {
  type CompanySummary,
  companyStatusQuery,
  type OrganizationSummary,
  summarizeCompany,
  summarizeOrganization,
} from './rollout-summary.ts';

export { InvalidCursorError } from './cursor.ts';
export { InvalidLimitError } from './page-limit.ts';

// The access patterns, each one GetItem or Query (no Scan); lists that can grow are paginated with an opaque cursor.

export interface PageRequest {
  /** Items per page; DynamoDB's own limit (1 MB a page) applies when undefined. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Present while more items may follow. */
  readonly nextCursor?: string;
}

export interface RecipeStatusQueriesOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface OrganizationQuery extends PageRequest {
  /** Only recipes currently in this status. */
  readonly status?: RecipeStatus;
}

/** The same options for a parent company's recipes. */
export type CompanyQuery = OrganizationQuery;

export interface RecipeStatusQueries {
  /** The current status of one recipe, or undefined when no event of it was applied. */
  getRecipe(recipeUid: string, options?: { consistentRead?: boolean }): Promise<StatusRecord | undefined>;
  /** All recipes of one device, by recipe uid. */
  listDeviceRecipes(deviceIdentityHash: string, page?: PageRequest): Promise<Page<StatusRecord>>;
  /** Recipes of one organization, newest first, optionally only those in one status. */
  listOrganizationRecipes(organizationUid: string, query?: OrganizationQuery): Promise<Page<StatusRecord>>;
  /** Recipes of every organization of a parent company, newest first, optionally only those in one status. */
  listCompanyRecipes(parentCompanyUid: string, query?: CompanyQuery): Promise<Page<StatusRecord>>;
  /** Every recipe currently in one status, of every company (by company, then newest first). */
  listRecipesInStatus(status: RecipeStatus, page?: PageRequest): Promise<Page<StatusRecord>>;
  /** Exact counts of an organization's recipes per status. */
  summarizeOrganization(organizationUid: string): Promise<OrganizationSummary>;
  /** Exact counts of a parent company's recipes per status, and per organization. */
  summarizeCompany(parentCompanyUid: string): Promise<CompanySummary>;
  /** Every accepted event of a recipe (applied or stale), oldest first by the ordering rule. */
  getRecipeHistory(recipeUid: string): Promise<StatusRecord[]>;
  /** Rejected events, newest first. */
  listRejected(page?: PageRequest): Promise<Page<RejectedRecord>>;
}

/** Follows `nextCursor` to the end; for callers that want a whole list. */
export const collectAll = async <T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
};

export const createRecipeStatusQueries = ({
  client,
  tableName,
}: RecipeStatusQueriesOptions): RecipeStatusQueries => {
  const queryPage = async <TSchema extends v.GenericSchema>(
    schema: TSchema,
    input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
    page: PageRequest,
  ): Promise<Page<v.InferOutput<TSchema>>> => {
    const limit = checkedLimit(page.limit);
    const scope = queryScope(input);
    const output = await client.send(
      new QueryCommand({
        ...input,
        TableName: tableName,
        ...(limit !== undefined && { Limit: limit }),
        ...(page.cursor !== undefined && { ExclusiveStartKey: decodeCursor(page.cursor, scope) }),
      }),
    );
    const nextCursor = encodeCursor(output.LastEvaluatedKey, scope);
    return {
      items: (output.Items ?? []).map((item) => fromItem(schema, item)),
      ...(nextCursor !== undefined && { nextCursor }),
    };
  };

  /** One status's partition is one Query; all statuses merge the four partitions (merged-listing.ts). */
  const listNewestFirst = async (
    partitionOf: (status: RecipeStatus) => MergedPartition,
    { status, ...page }: OrganizationQuery,
  ): Promise<Page<StatusRecord>> => {
    const partitions = status === undefined ? RECIPE_STATUSES.map(partitionOf) : [partitionOf(status)];
    const { items, nextCursor } = await readMergedListing(client, tableName, partitions, page);
    return {
      items: items.map((item) => fromItem(StatusRecordSchema, item)),
      ...(nextCursor !== undefined && { nextCursor }),
    };
  };

  return {
    async getRecipe(recipeUid, options = {}) {
      const output = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { [PARTITION_KEY]: recipePartitionKey(recipeUid), [SORT_KEY]: CURRENT_SORT_KEY },
          ConsistentRead: options.consistentRead ?? false,
        }),
      );
      return output.Item === undefined ? undefined : fromItem(StatusRecordSchema, output.Item);
    },

    listDeviceRecipes(deviceIdentityHash, page = {}) {
      return queryPage(
        StatusRecordSchema,
        {
          IndexName: BY_DEVICE_INDEX.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': BY_DEVICE_INDEX.partitionKeys[0] },
          ExpressionAttributeValues: { ':pk': deviceIdentityHash },
        },
        page,
      );
    },

    listOrganizationRecipes(organizationUid, query = {}) {
      return listNewestFirst(
        (status) => ({
          name: status,
          index: BY_ORGANIZATION_STATUS_INDEX,
          query: {
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': BY_ORGANIZATION_STATUS_INDEX.partitionKeys[0] },
            ExpressionAttributeValues: { ':pk': organizationStatusKey(organizationUid, status) },
          },
        }),
        query,
      );
    },

    listCompanyRecipes(parentCompanyUid, query = {}) {
      return listNewestFirst((status) => {
        const { IndexName: _, ...keyQuery } = companyStatusQuery(parentCompanyUid, status);
        return { name: status, index: BY_STATUS_COMPANY_INDEX, query: keyQuery };
      }, query);
    },

    listRecipesInStatus(status, page = {}) {
      return queryPage(
        StatusRecordSchema,
        {
          IndexName: BY_STATUS_COMPANY_INDEX.indexName,
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': BY_STATUS_COMPANY_INDEX.partitionKeys[0] },
          ExpressionAttributeValues: { ':status': status },
        },
        page,
      );
    },

    summarizeOrganization: (organizationUid) => summarizeOrganization(client, tableName, organizationUid),
    summarizeCompany: (parentCompanyUid) => summarizeCompany(client, tableName, parentCompanyUid),

    async getRecipeHistory(recipeUid) {
      // History items are keyed by event id (so a redelivery cannot add one);
      // a recipe's few events are read whole and put in order here.
      const items = await collectAll((cursor) =>
        queryPage(
          StatusRecordSchema,
          {
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
            ExpressionAttributeValues: {
              ':pk': recipePartitionKey(recipeUid),
              ':prefix': HISTORY_SORT_KEY_PREFIX,
            },
          },
          cursor === undefined ? {} : { cursor },
        ),
      );
      return items.sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey));
    },

    listRejected(page = {}) {
      return queryPage(
        RejectedRecordSchema,
        {
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ExpressionAttributeValues: { ':pk': REJECTED_PARTITION_KEY },
          ScanIndexForward: false,
        },
        page,
      );
    },
  };
};
