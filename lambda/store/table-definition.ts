/**
 * The table's keys and indexes, defined once. The CDK construct, the local
 * store set-up, the tests and the queries all read this module, so a renamed
 * attribute or index cannot drift between them.
 *
 * One table holds three kinds of item:
 * - the current status of a recipe: pk `RECIPE#<uid>`, sk `CURRENT`; it alone
 *   carries the index keys, so every index is sparse and holds only current records;
 * - one history item per accepted event: pk `RECIPE#<uid>`, sk `EVENT#<eventId>`
 *   (keyed by event id so a redelivery can never add a second item);
 * - one rejected-event record per invalid delivery: pk `REJECTED`,
 *   sk `<receivedAt>#<sha256 of the raw event>` (newest first by ISO time).
 */

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
/** Epoch seconds; only set on history and rejected items when an expiry is configured. */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface IndexDefinition {
  readonly indexName: string;
  /** One attribute, or several forming a multi-attribute key (all must be present for an item to be indexed). */
  readonly partitionKeys: readonly string[];
  readonly sortKeys: readonly string[];
}

/**
 * All recipes of one device, by recipe. The sort key is the table's own `pk`
 * (`RECIPE#<uid>`), never empty: an index key attribute must not be an empty
 * string on any item, and rejected records carry whatever `recipeUid` they came with.
 */
export const BY_DEVICE_INDEX = {
  indexName: 'byDevice',
  partitionKeys: ['deviceKey'],
  sortKeys: [PARTITION_KEY],
} as const satisfies IndexDefinition;

/** Recipes of one organization in one status, newest first; all statuses merge the four partitions. */
export const BY_ORGANIZATION_STATUS_INDEX = {
  indexName: 'byOrganizationStatus',
  partitionKeys: ['organizationStatusKey'],
  sortKeys: ['orderKey'],
} as const satisfies IndexDefinition;

/**
 * Recipes in one status, by parent company, newest first within it: company
 * listings, rollout summaries and stuck detection (status `Pending`, every
 * company). Keyed on attributes every 0.2 current record already holds, so
 * adding it needs no backfill; `organizationKey`, on current records only, keeps it sparse.
 */
export const BY_STATUS_COMPANY_INDEX = {
  indexName: 'byStatusCompany',
  partitionKeys: ['status'],
  sortKeys: ['parentCompanyUid', 'orderKey', 'organizationKey'],
} as const satisfies IndexDefinition;

export const INDEXES: readonly IndexDefinition[] = [
  BY_DEVICE_INDEX,
  BY_ORGANIZATION_STATUS_INDEX,
  BY_STATUS_COMPANY_INDEX,
];

/**
 * 0.2's organization listing, replaced by merging `byOrganizationStatus`.
 * Kept only for the first of the two upgrade deploys (docs/data-model.md#migrating-from-02).
 */
export const LEGACY_BY_ORGANIZATION_INDEX = {
  indexName: 'byOrganization',
  partitionKeys: ['organizationKey'],
  sortKeys: ['orderKey'],
} as const satisfies IndexDefinition;

/** The indexes a deploy creates: with 0.2's during the first upgrade deploy. */
export const deployedIndexes = (keepOrganizationIndex: boolean): readonly IndexDefinition[] =>
  keepOrganizationIndex ? [...INDEXES, LEGACY_BY_ORGANIZATION_INDEX] : INDEXES;

/** Every key attribute of these indexes; each is a string. */
export const keyAttributes = (indexes: readonly IndexDefinition[]): string[] => [
  ...new Set([
    PARTITION_KEY,
    SORT_KEY,
    ...indexes.flatMap((index) => [...index.partitionKeys, ...index.sortKeys]),
  ]),
];

export const KEY_ATTRIBUTES: readonly string[] = keyAttributes(INDEXES);

export const CURRENT_SORT_KEY = 'CURRENT';
export const HISTORY_SORT_KEY_PREFIX = 'EVENT#';
export const REJECTED_PARTITION_KEY = 'REJECTED';

export const recipePartitionKey = (recipeUid: string): string => `RECIPE#${recipeUid}`;
export const historySortKey = (eventId: string): string => `${HISTORY_SORT_KEY_PREFIX}${eventId}`;
/** ISO time first: the partition reads newest first; the hash keeps same-millisecond rejects apart. */
export const rejectedSortKey = (receivedAt: string, rawSha256: string): string =>
  `${receivedAt}#${rawSha256}`;
export const organizationStatusKey = (organizationUid: string, status: string): string =>
  `${organizationUid}#${status}`;
/** The stuck detector's note that it reported a recipe's `Pending` episode: one item per episode. */
export const stuckMarkerPartitionKey = (recipeUid: string): string => `STUCK#${recipeUid}`;
