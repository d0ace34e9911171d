import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { RECIPE_STATUSES, type RecipeStatus } from '../../contract/event-schema.ts';
import {
  BY_ORGANIZATION_STATUS_INDEX,
  BY_STATUS_COMPANY_INDEX,
  organizationStatusKey,
} from '../table-definition.ts';

// Exact counts of recipes per status, read from the status-keyed indexes: never a Scan.

export type StatusCounts = Record<RecipeStatus, number>;

export interface StatusSummary {
  readonly total: number;
  readonly byStatus: StatusCounts;
}

export interface OrganizationSummary extends StatusSummary {
  readonly organizationUid: string;
  /** Read units the summary consumed: about 0.5 per 4 KB of the recipes counted, plus 0.5 per status. */
  readonly readUnits: number;
}

export interface CompanySummary extends StatusSummary {
  readonly parentCompanyUid: string;
  /** The same counts for each organization of the company that has a recipe. */
  readonly organizations: Record<string, StatusSummary>;
  readonly readUnits: number;
}

type KeyQuery = Pick<
  QueryCommandInput,
  'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

const noCounts = (): StatusCounts => ({ Pending: 0, Applied: 0, Failed: 0, Invalid: 0 });

/** Every page of one partition; `onItems` sees the projected items, and the read units are returned. */
const readPartition = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  query: KeyQuery,
  projection: string | undefined,
  onItems: (items: Record<string, unknown>[], count: number) => void,
): Promise<number> => {
  let readUnits = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const output = await client.send(
      new QueryCommand({
        ...query,
        TableName: tableName,
        ...(projection === undefined ? { Select: 'COUNT' } : { ProjectionExpression: projection }),
        ReturnConsumedCapacity: 'TOTAL',
        ExclusiveStartKey: start,
      }),
    );
    readUnits += output.ConsumedCapacity?.CapacityUnits ?? 0;
    onItems(output.Items ?? [], output.Count ?? 0);
    start = output.LastEvaluatedKey;
  } while (start !== undefined);
  return readUnits;
};

const sum = (counts: StatusCounts): number => RECIPE_STATUSES.reduce((total, s) => total + counts[s], 0);

export const summarizeOrganization = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  organizationUid: string,
): Promise<OrganizationSummary> => {
  const byStatus = noCounts();
  const units = await Promise.all(
    RECIPE_STATUSES.map((status) =>
      readPartition(
        client,
        tableName,
        {
          IndexName: BY_ORGANIZATION_STATUS_INDEX.indexName,
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': BY_ORGANIZATION_STATUS_INDEX.partitionKeys[0] },
          ExpressionAttributeValues: { ':k': organizationStatusKey(organizationUid, status) },
        },
        undefined,
        (_, count) => {
          byStatus[status] += count;
        },
      ),
    ),
  );
  return { organizationUid, total: sum(byStatus), byStatus, readUnits: units.reduce((a, b) => a + b, 0) };
};

/** The company's recipes of one status, as the byStatusCompany index keys them. */
export const companyStatusQuery = (parentCompanyUid: string, status: RecipeStatus): KeyQuery => ({
  IndexName: BY_STATUS_COMPANY_INDEX.indexName,
  KeyConditionExpression: '#status = :status AND #company = :company',
  ExpressionAttributeNames: {
    '#status': BY_STATUS_COMPANY_INDEX.partitionKeys[0],
    '#company': BY_STATUS_COMPANY_INDEX.sortKeys[0],
  },
  ExpressionAttributeValues: { ':status': status, ':company': parentCompanyUid },
});

export const summarizeCompany = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  parentCompanyUid: string,
): Promise<CompanySummary> => {
  const byStatus = noCounts();
  const perOrganization = new Map<string, StatusCounts>();
  const units = await Promise.all(
    RECIPE_STATUSES.map((status) =>
      readPartition(
        client,
        tableName,
        companyStatusQuery(parentCompanyUid, status),
        'organizationUid',
        (items) => {
          for (const item of items) {
            const organizationUid = String(item.organizationUid);
            const counts = perOrganization.get(organizationUid) ?? noCounts();
            counts[status] += 1;
            perOrganization.set(organizationUid, counts);
            byStatus[status] += 1;
          }
        },
      ),
    ),
  );
  const organizations = Object.fromEntries(
    [...perOrganization.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([uid, counts]) => [uid, { total: sum(counts), byStatus: counts }]),
  );
  return {
    parentCompanyUid,
    total: sum(byStatus),
    byStatus,
    organizations,
    readUnits: units.reduce((a, b) => a + b, 0),
  };
};
