// The names of the metrics our log lines emit, apart from the code that emits them, so the stack can alarm
// on them without bundling the runtime code.

export const METRIC_NAMESPACE = 'RecipeStatus';

/** The metric each outcome of the status function counts, one per outcome so each can be alarmed on alone. */
export const OUTCOME_METRICS = {
  applied: 'EventsApplied',
  stale: 'EventsStale',
  duplicate: 'EventsDuplicate',
  rejected: 'EventsRejected',
} as const;

/**
 * Counts the status function emits beside an outcome, on the same log line, for
 * events that were handled but deserve a look. Per delivery, like the outcomes.
 */
export const STATUS_SIGNAL_METRICS = {
  /** The id's UUIDv7 time ran beyond the envelope's time plus the tolerance: ordered by the latter. */
  futureDated: 'EventsFutureDated',
  /** The event passed validation but DynamoDB refused its data: kept as rejected (a gap in the schema). */
  refusedByStore: 'EventsRefusedByStore',
} as const;

/**
 * Metrics of the ingestion endpoint; signature failures get their own, for the
 * alarm, and so do signed deliveries refused after verification (unreadable):
 * each of those is kept on the bus under UNREADABLE_DELIVERY_DETAIL_TYPE.
 */
export const INGEST_METRICS = {
  accepted: 'DeliveriesAccepted',
  rejected: 'DeliveriesRejected',
  signatureFailures: 'SignatureFailures',
  publishFailures: 'PublishFailures',
  unreadable: 'DeliveriesUnreadable',
} as const;

/** The stuck detector's count: one per Pending episode it reports (a ticket, not a page). */
export const STUCK_METRICS = {
  reported: 'RecipesStuck',
} as const;
